#!/usr/bin/env bash
# bench/start.sh - start-up time, peak memory and size of `pe-net --version`, against a Swift
# hello-world built the same way (release, Swift runtime linked statically), side by side.
#
# Both are built with `swift build -c release --static-swift-stdlib` into their own scratch paths
# (.build-release for pe-net, so the debug cache in .build is not touched). Then ROUNDS paired
# rounds: each round times both binaries with hyperfine (-N, RUNS runs each, interleaved order)
# and records the ratio of the medians of that round; reported: median and spread (min-max) of
# the per-round figures, peak RSS (/usr/bin/time -v, max of 5 runs), binary size and the shared
# libraries it needs (a single file: only the C library's).
# Last line: `ratio: <pe-net --version median / hello-world median>` (lower is better; target <= 2).
# Env: ROUNDS=9 RUNS=30, PE_NET_BIN=<path> skips the pe-net build.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-9}
RUNS=${RUNS:-30}
for tool in hyperfine python3 /usr/bin/time ldd; do
  command -v "$tool" >/dev/null || { echo "start: $tool is missing (apt-get install hyperfine python3 time libc-bin)" >&2; exit 1; }
done
T=$(mktemp -d /tmp/pe-net-bench-start.XXXXXX)
trap 'rm -rf "$T"' EXIT

if [ -z "${PE_NET_BIN:-}" ]; then
  echo "building pe-net (release, static Swift runtime) into .build-release" >&2
  swift build -c release --static-swift-stdlib --scratch-path .build-release --product pe-net >"$T/build.log" 2>&1 \
    || { tail -20 "$T/build.log" >&2; exit 1; }
  PE_NET_BIN=$(swift build -c release --static-swift-stdlib --scratch-path .build-release --show-bin-path)/pe-net
fi

# The anchor: the smallest Swift program that prints a line, same toolchain, same flags.
mkdir -p "$T/hello/Sources/hello"
cat > "$T/hello/Package.swift" <<'SWIFT'
// swift-tools-version:5.9
import PackageDescription
let package = Package(name: "hello", targets: [.executableTarget(name: "hello")])
SWIFT
echo 'print("hello 1.0.0")' > "$T/hello/Sources/hello/main.swift"
echo "building the hello-world (release, static Swift runtime)" >&2
(cd "$T/hello" && swift build -c release --static-swift-stdlib >"$T/hello-build.log" 2>&1) \
  || { tail -20 "$T/hello-build.log" >&2; exit 1; }
HELLO=$T/hello/.build/release/hello
"$PE_NET_BIN" --version >/dev/null

for round in $(seq "$ROUNDS"); do
  # alternate which one runs first, so drift in the machine's load hits both alike
  if [ $((round % 2)) = 1 ]; then a=("$PE_NET_BIN --version" "$HELLO"); else a=("$HELLO" "$PE_NET_BIN --version"); fi
  hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$T/round-$round.json" \
    -n "${a[0]}" "${a[0]}" -n "${a[1]}" "${a[1]}" >/dev/null 2>&1
done

rss() { # command... -> max peak RSS in KiB over 5 runs
  local best=0 kb
  for _ in 1 2 3 4 5; do
    /usr/bin/time -v -o "$T/time.txt" "$@" >/dev/null
    kb=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$T/time.txt")
    [ "$kb" -gt "$best" ] && best=$kb
  done
  echo "$best"
}
penet_rss=$(rss "$PE_NET_BIN" --version)
hello_rss=$(rss "$HELLO")
penet_size=$(stat -c %s "$PE_NET_BIN")
hello_size=$(stat -c %s "$HELLO")
libs=$(ldd "$PE_NET_BIN" 2>&1 | awk '{print $1}' | tr '\n' ' ')

python3 - "$T" "$ROUNDS" "$PE_NET_BIN" "$HELLO" "$penet_rss" "$hello_rss" "$penet_size" "$hello_size" "$libs" <<'PY'
import json, statistics, sys
t, rounds, penet, hello = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
prss, hrss, psize, hsize, libs = int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]), int(sys.argv[8]), sys.argv[9]
p_ms, h_ms, ratios = [], [], []
for r in range(1, rounds + 1):
    res = {x["command"]: x for x in json.load(open(f"{t}/round-{r}.json"))["results"]}
    p = res[f"{penet} --version"]["median"] * 1e3
    h = res[hello]["median"] * 1e3
    p_ms.append(p); h_ms.append(h); ratios.append(p / h)
def fmt(v, unit):
    return "median %.2f%s (min %.2f, max %.2f)" % (statistics.median(v), unit, min(v), max(v))
print(f"{rounds} paired rounds, hyperfine -N, per-round medians:")
print("  pe-net --version : " + fmt(p_ms, " ms"))
print("  hello-world      : " + fmt(h_ms, " ms"))
print("  paired ratio     : " + fmt(ratios, "x") + "   (target <= 2)")
print("peak RSS (max of 5): pe-net --version %d KiB (%.1f MiB; target <= 20 MiB), hello-world %d KiB" % (prss, prss / 1024, hrss))
print("size: pe-net %.1f MiB, hello-world %.1f MiB" % (psize / 2**20, hsize / 2**20))
print("pe-net needs only: " + libs)
print("ratio: %.2f" % statistics.median(ratios))
PY
