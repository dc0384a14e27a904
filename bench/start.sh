#!/usr/bin/env bash
# bench/start.sh - start-up time, peak memory and size of `pe-net --version`, against a Swift
# hello-world built the same way (release, Swift runtime linked statically), side by side.
#
# Both are built with `swift build -c release --static-swift-stdlib` into their own scratch paths
# (.build-release for pe-net, so the debug cache in .build is not touched). Then ROUNDS paired
# rounds: each round times both binaries with hyperfine (-N, RUNS runs each, alternating order)
# and records the ratio of the medians of that round; reported: median and spread (min-max) of
# the per-round figures, CPU time (user+sys) beside wall time, peak RSS and page faults
# (/usr/bin/time -v, max of 5 runs), binary size and the shared libraries it needs (a single
# file: only the C library's). A second anchor, a hello-world that uses Foundation (built the
# same way, timed in the same rounds), shows the floor of any Swift program that links
# Foundation on Linux; it is reported, not part of the ratio.
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
# The second anchor uses Foundation (a branch never taken at run time keeps it linked in), so
# its start-up includes loading Foundation, as any Swift program that uses it on Linux does.
mkdir -p "$T/hellofoundation/Sources/hellofoundation"
sed 's/"hello"/"hellofoundation"/g' "$T/hello/Package.swift" > "$T/hellofoundation/Package.swift"
cat > "$T/hellofoundation/Sources/hellofoundation/main.swift" <<'SWIFT'
import Foundation
if CommandLine.arguments.count > 9 {
    print(try! JSONSerialization.jsonObject(with: Data("[1]".utf8)), Locale.current, URL(fileURLWithPath: "/"), Date())
}
print("hello 1.0.0")
SWIFT
echo "building the hello-worlds (release, static Swift runtime)" >&2
for anchor in hello hellofoundation; do
  (cd "$T/$anchor" && swift build -c release --static-swift-stdlib >"$T/$anchor-build.log" 2>&1) \
    || { tail -20 "$T/$anchor-build.log" >&2; exit 1; }
done
HELLO=$T/hello/.build/release/hello
HELLOF=$T/hellofoundation/.build/release/hellofoundation
"$PE_NET_BIN" --version >/dev/null

for round in $(seq "$ROUNDS"); do
  # alternate the order, so drift in the machine's load hits all alike
  if [ $((round % 2)) = 1 ]; then a=("$PE_NET_BIN --version" "$HELLO" "$HELLOF"); else a=("$HELLOF" "$HELLO" "$PE_NET_BIN --version"); fi
  hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$T/round-$round.json" \
    -n "${a[0]}" "${a[0]}" -n "${a[1]}" "${a[1]}" -n "${a[2]}" "${a[2]}" >/dev/null 2>&1
done

measure() { # command... -> "max peak RSS in KiB, max minor page faults" over 5 runs
  local best=0 faults=0 kb f
  for _ in 1 2 3 4 5; do
    /usr/bin/time -v -o "$T/time.txt" "$@" >/dev/null
    kb=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$T/time.txt")
    f=$(awk -F: '/Minor \(reclaiming a frame\) page faults/ { gsub(/ /, "", $2); print $2 }' "$T/time.txt")
    [ "$kb" -gt "$best" ] && best=$kb
    [ "$f" -gt "$faults" ] && faults=$f
  done
  echo "$best $faults"
}
read -r penet_rss penet_faults < <(measure "$PE_NET_BIN" --version)
read -r hello_rss hello_faults < <(measure "$HELLO")
read -r hellof_rss hellof_faults < <(measure "$HELLOF")
sizes="$(stat -c %s "$PE_NET_BIN") $(stat -c %s "$HELLO") $(stat -c %s "$HELLOF")"
libs=$(ldd "$PE_NET_BIN" 2>&1 | awk '{print $1}' | tr '\n' ' ')

python3 - "$T" "$ROUNDS" "$PE_NET_BIN" "$HELLO" "$HELLOF" "$penet_rss $hello_rss $hellof_rss" \
  "$penet_faults $hello_faults $hellof_faults" "$sizes" "$libs" <<'PY'
import json, statistics, sys
t, rounds, penet, hello, hellof = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
rss, faults, sizes = (list(map(int, a.split())) for a in sys.argv[6:9])
libs = sys.argv[9]
names = {"pe-net --version": f"{penet} --version", "hello-world": hello, "hello + Foundation": hellof}
wall = {k: [] for k in names}; cpu = {k: [] for k in names}; ratios, floor = [], []
for r in range(1, rounds + 1):
    res = {x["command"]: x for x in json.load(open(f"{t}/round-{r}.json"))["results"]}
    for k, cmd in names.items():
        wall[k].append(res[cmd]["median"] * 1e3)
        cpu[k].append((res[cmd]["user"] + res[cmd]["system"]) * 1e3)
    ratios.append(wall["pe-net --version"][-1] / wall["hello-world"][-1])
    floor.append(wall["hello + Foundation"][-1] / wall["hello-world"][-1])
def fmt(v, unit, f="%.2f"):
    return ("median " + f + "%s (min " + f + ", max " + f + ")") % (statistics.median(v), unit, min(v), max(v))
print(f"{rounds} paired rounds, hyperfine -N, per-round medians (wall) and means (CPU, user+sys):")
for k in names:
    print(f"  {k:<18}: wall " + fmt(wall[k], " ms") + ";  CPU " + fmt(cpu[k], " ms"))
print("  paired ratio pe-net / hello-world        : " + fmt(ratios, "x") + "   (target <= 2)")
print("  paired ratio hello+Foundation / hello-world: " + fmt(floor, "x") + "   (the Foundation floor)")
for k, kb, pf, size in zip(names, rss, faults, sizes):
    print(f"  {k:<18}: peak RSS {kb} KiB ({kb / 1024:.1f} MiB), {pf} minor page faults, size {size / 2**20:.1f} MiB (max of 5 runs)")
print("peak RSS target for pe-net --version: <= 20 MiB")
print("pe-net needs only: " + libs)
print("ratio: %.2f" % statistics.median(ratios))
PY
