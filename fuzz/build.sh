#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/targets/ against the project's own sources, compiled
# with `swiftc -sanitize=fuzzer,address` (the libFuzzer runtime ships with the Swift toolchain).
# SwiftPM is not used: a sanitized release build of the whole package and its dependencies takes
# far longer than the few modules the targets need. Output: fuzz/.build/<target>.
# Usage: fuzz/build.sh [target...]   (default: every target)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/fuzz/.build
mkdir -p "$out"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(hostname zonefile dnsmessage resourceid armjson penetyaml)
yams=$(find .build/checkouts -maxdepth 1 -name Yams -type d | head -1)
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

need_dns=0 need_arm=0 need_yaml=0
for t in "${targets[@]}"; do
    case $t in
    hostname | zonefile | dnsmessage) need_dns=1 ;;
    resourceid | armjson) need_dns=1 need_arm=1 ;;
    penetyaml) need_dns=1 need_arm=1 need_yaml=1 ;;
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
if [ $need_yaml = 1 ]; then
    [ -n "$yams" ] || { echo "Yams is not checked out: run swift build once" >&2 && exit 1; }
    if [ ! -f "$out/libCYaml.a" ]; then
        for c in "$yams"/Sources/CYaml/src/*.c; do
            clang -O1 -fsanitize=fuzzer-no-link,address -I "$yams/Sources/CYaml/include" -c "$c" \
                -o "$out/cyaml-$(basename "$c" .c).o"
        done
        ar rcs "$out/libCYaml.a" "$out"/cyaml-*.o
    fi
    flags+=(-I "$yams/Sources/CYaml/include" -Xcc -fmodule-map-file="$yams/Sources/CYaml/include/module.modulemap")
    project_flags=("${flags[@]}")
    flags=(-O -sanitize=fuzzer,address -parse-as-library -swift-version 5 -D SWIFT_PACKAGE -I "$out" -L "$out"
        -I "$yams/Sources/CYaml/include" -Xcc -fmodule-map-file="$yams/Sources/CYaml/include/module.modulemap")
    module Yams "$yams"/Sources/Yams/*.swift
    flags=("${project_flags[@]}")
    module DesiredState Sources/DesiredState/*.swift
fi

for t in "${targets[@]}"; do
    start=$SECONDS
    libs=(-lResolver -lDNSModel -lldns)
    case $t in
    resourceid | armjson) libs=(-lARMNetwork "${libs[@]}") ;;
    penetyaml) libs=(-lDesiredState -lYams -lCYaml -lARMNetwork "${libs[@]}") ;;
    esac
    swiftc "${flags[@]}" -module-name "Fuzz_$t" "fuzz/targets/$t.swift" "${libs[@]}" -o "$out/$t" \
        2> >(grep -v "ld.gold: warning" >&2)
    echo "built $t in $((SECONDS - start)) s"
done
