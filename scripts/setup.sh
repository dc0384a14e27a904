#!/usr/bin/env bash
# Installs the Debian packages pe-net's build, tests and benchmarks need. Idempotent; run as root.
set -euo pipefail
packages=(
  pkg-config libldns-dev libssl-dev ldnsutils  # libldns (+ libcrypto) for the DNS core, linked statically; drill for the benchmark anchor
  nsd unbound dnsutils                 # real authoritative server and resolver for DNS tests
  bind9utils                           # named-checkconf checks the rendered BIND forwarder
  iptables nftables iproute2 conntrack # forwarding backends and network namespaces
  iperf3 socat netcat-openbsd procps   # data-plane tests and benchmarks
  systemd                              # systemd-analyze verify for generated units
  haproxy apache2-utils hyperfine      # bench/fwd.sh: HTTP responder, connection rate, apply timing
  time gcc                             # bench/dns-verify.sh: peak RSS (/usr/bin/time -v), the C anchor
  jq curl                              # bench/arm-apply.sh: world generation, emulator request log
  openssl                              # a self-signed TLS endpoint for the TLS verification tests
  man-db                               # man -l renders docs/pe-net.1 (ManualPageTests, scripts/check-manual.sh)
  python3 python3-pip                  # sqlfluff and pysqlbridge (below) for the link's tests
  cloud-init python3-jsonschema        # `cloud-init schema` for rendered cloud-configs; pe-net.yaml's JSON Schema test
  dpkg-dev                             # scripts/build-deb.sh (dpkg-deb, dpkg-architecture)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# sqlfluff parses the generated link scripts (tsql dialect) in the MILink tests. Pinned: the tests'
# allow-list of statement kinds it cannot parse was measured with this version.
sqlfluff_version=4.5.0
if [ "$(sqlfluff --version 2>/dev/null | awk '{print $NF}')" != "$sqlfluff_version" ]; then
  python3 -m pip install --quiet --disable-pip-version-check "sqlfluff==$sqlfluff_version" 2>/dev/null \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "sqlfluff==$sqlfluff_version"
fi
# pysqlbridge is a TDS listener: the link's PRELOGIN probe is tested against it on loopback.
pysqlbridge_version=2.1.3
if ! python3 -m pip show pysqlbridge 2>/dev/null | grep -qx "Version: $pysqlbridge_version"; then
  python3 -m pip install --quiet --disable-pip-version-check "pysqlbridge==$pysqlbridge_version" 2>/dev/null \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "pysqlbridge==$pysqlbridge_version"
fi
command -v swift >/dev/null || { echo "setup: Swift 6.1 or newer must be on PATH (https://swift.org/install)" >&2; exit 1; }
echo "setup: all packages present"
