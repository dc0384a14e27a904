#!/usr/bin/env bash
# Builds pe-net_<version>_<arch>.deb for forwarder images: a static build of pe-net (the Swift
# runtime linked in, so the image needs no Swift) installed as /usr/bin/pe-net, depending only on
# what `pe-net fwd` drives (nftables, iproute2, conntrack). Bake it into the image (Packer, Azure
# Image Builder) or copy it to a VM you can reach: the forwarders' cloud-init installs nothing at
# boot, because a new vnet has no default outbound access. Then set `forwarders.binary:
# /usr/bin/pe-net` in pe-net.yaml.
#
#   bash scripts/build-deb.sh                  # swift build -c release --static-swift-stdlib, then package
#   PENET_BIN=path/to/pe-net bash scripts/build-deb.sh   # package an existing binary
#   OUT_DIR=dist bash scripts/build-deb.sh     # where the .deb goes (default .build/deb)
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' Sources/PeNetCLI/Version.swift)
arch=$(dpkg --print-architecture)
out="${OUT_DIR:-.build/deb}"
binary="${PENET_BIN:-}"
if [ -z "$binary" ]; then
  swift build -c release --static-swift-stdlib --product pe-net
  binary=.build/release/pe-net
fi
[ -x "$binary" ] || { echo "build-deb: $binary is not an executable" >&2; exit 1; }
# The shared libraries the binary still needs, as the Debian packages that ship them; a library
# no package owns (the Swift runtime of a toolchain) means the build is not static.
libs=()
while read -r path; do
  [ -n "$path" ] || continue
  owner=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -1 | cut -d: -f1) \
    || owner=$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1) || true
  [ -n "$owner" ] || { echo "build-deb: $binary needs $path, which no Debian package ships; build with --static-swift-stdlib" >&2; exit 1; }
  libs+=("$owner")
done < <(ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}')
depends=$(printf '%s\n' "${libs[@]}" nftables iproute2 conntrack | sort -u | paste -sd, | sed 's/,/, /g')
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
chmod 0755 "$stage"
install -D -m 0755 "$binary" "$stage/usr/bin/pe-net"
install -D -m 0644 docs/pe-net.1 "$stage/usr/share/man/man1/pe-net.1"
gzip -9n "$stage/usr/share/man/man1/pe-net.1"
install -d "$stage/DEBIAN"
size=$(du -sk "$stage/usr" | cut -f1)
cat > "$stage/DEBIAN/control" <<CONTROL
Package: pe-net
Version: $version
Architecture: $arch
Maintainer: pe-net contributors <pe-net@users.noreply.github.com>
Installed-Size: $size
Depends: $depends
Recommends: iptables
Section: net
Priority: optional
Description: private connectivity to Azure SQL Managed Instance
 Approves private endpoint connections, builds private DNS, and runs the
 forwarding VMs behind a Private Link Service (pe-net fwd).
CONTROL
mkdir -p "$out"
deb="$out/pe-net_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$stage" "$deb" >/dev/null
echo "build-deb: wrote $deb"
