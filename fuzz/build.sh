#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/targets/ with `-sanitize=fuzzer,address` (the libFuzzer
# runtime ships with the Swift toolchain). The targets that need only DNSModel, Resolver and the
# models of ARMNetwork are compiled with swiftc from those few modules' sources, which is far
# quicker than a sanitized build of the whole package graph. `penetyaml` needs DesiredState, which
# reaches the ARM client, IPFwd and MILink with their package dependencies: it is built by SwiftPM
# from fuzz/Package.swift (which depends on the root package) in fuzz/.build-spm, in debug: that
# graph's release build with sanitizers is the slow part of a cold build (FUZZ_SPM_CONFIG=release
# builds it so all the same; see fuzz/README.md).
# Output: fuzz/.build/<target>.
# Usage: fuzz/build.sh [target...]   (default: every target)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/fuzz/.build
mkdir -p "$out"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(hostname zonefile dnsmessage resourceid armjson penetyaml)
flags=(-O -sanitize=fuzzer,address -parse-as-library -swift-version 6 -enable-upcoming-feature ExistentialAny
    -I "$root/Sources/CLDNS" -I "$out" -L "$out")

# module NAME SOURCES... : a static library and its module, rebuilt when a source is newer.
module() {
    local name=$1
    shift
    local lib=$out/lib$name.a
    if [ -f "$lib" ] && [ -z "$(find "$@" -newer "$lib" 2>/dev/null | head -1)" ]; then return; fi
    local start=$SECONDS
    swiftc "${flags[@]}" -module-name "$name" -emit-module -emit-module-path "$out/$name.swiftmodule" \
        -emit-library -static -o "$lib" "$@" 2> >(grep -v "ld.gold: warning" >&2)
    echo "built module $name in $((SECONDS - start)) s"
}

need_dns=0 need_arm=0
for t in "${targets[@]}"; do
    case $t in
    hostname | zonefile | dnsmessage) need_dns=1 ;;
    resourceid | armjson) need_dns=1 need_arm=1 ;;
    penetyaml) ;; # SwiftPM, below
    *) echo "unknown target $t" >&2 && exit 64 ;;
    esac
done

if [ $need_dns = 1 ]; then
    module DNSModel Sources/DNSModel/*.swift
    module Resolver Sources/Resolver/*.swift
fi
if [ $need_arm = 1 ]; then
    # The part of ARMNetwork the targets reach: resource ids and the models (no client).
    module ARMNetwork Sources/ARMNetwork/ResourceID.swift Sources/ARMNetwork/ARMError.swift \
        Sources/ARMNetwork/Models/*.swift Sources/ARMNetwork/DataFactory/DataFactoryPathSpec.swift \
        Sources/ARMNetwork/Client/SecretRedaction.swift Sources/ARMNetwork/Client/ARMTransport.swift
fi

for t in "${targets[@]}"; do
    start=$SECONDS
    case $t in
    penetyaml)
        # SwiftPM instruments the Swift modules; the C modules (CYaml, BoringSSL, NIO's shims) are
        # compiled without instrumentation.
        config=${FUZZ_SPM_CONFIG:-debug}
        if ! (cd fuzz && swift build -c "$config" --scratch-path .build-spm --product "$t" \
            -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library >"$out/$t-build.log" 2>&1); then
            grep -v "ld.gold: warning" "$out/$t-build.log" | tail -30 >&2
            exit 1
        fi
        cp "fuzz/.build-spm/$config/$t" "$out/$t"
        ;;
    *)
        libs=(-lResolver -lDNSModel -lldns)
        case $t in
        resourceid | armjson) libs=(-lARMNetwork "${libs[@]}") ;;
        esac
        swiftc "${flags[@]}" -module-name "Fuzz_$t" "fuzz/targets/$t.swift" "${libs[@]}" -o "$out/$t" \
            2> >(grep -v "ld.gold: warning" >&2)
        ;;
    esac
    echo "built $t in $((SECONDS - start)) s"
done
