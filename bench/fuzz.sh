#!/usr/bin/env bash
# Runs every libFuzzer target (fuzz/targets/) for the given time each, from the corpus kept in
# fuzz/corpus/<target>/. New inputs libFuzzer finds go to fuzz/.build/corpus/<target>/ (not into
# the repository); a crash leaves fuzz/.build/crash-<target>-* and fails the run.
# Usage: bench/fuzz.sh [seconds per target, default 120] [target...]
# FUZZ_RUNS=n FUZZ_SEED=s: a fixed number of runs from a fixed seed instead (a reproducible smoke).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-120}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(hostname zonefile dnsmessage resourceid armjson penetyaml)
start=$SECONDS
fuzz/build.sh "${targets[@]}"
echo "build: $((SECONDS - start)) s"
failed=0
for t in "${targets[@]}"; do
    work=fuzz/.build/corpus/$t
    mkdir -p "$work"
    log=fuzz/.build/$t.log
    begin=$SECONDS
    status=0
    # ldns 1.8 leaks the records read before a syntax error (its zone reader frees the zone
    # shallowly on that path), so leak detection is off for the zone-file target only.
    leaks=1
    [ "$t" = zonefile ] && leaks=0
    limit=(-max_total_time="$seconds")
    [ -z "${FUZZ_RUNS:-}" ] || limit=(-runs="$FUZZ_RUNS" -seed="${FUZZ_SEED:-1}")
    # Swift's own backtracer is off: libFuzzer reports a trap itself ("deadly signal") and keeps the input.
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=$leaks fuzz/.build/"$t" "${limit[@]}" -detect_leaks=$leaks -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="fuzz/.build/crash-$t-" -print_final_stats=1 "$work" "fuzz/corpus/$t" >"$log" 2>&1 || status=$?
    runs=$(grep -ao 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    cov=$(grep -ao 'cov: [0-9]* ft: [0-9]* corp: [0-9]*/[0-9]*[a-zA-Z]*' "$log" | tail -1 || true)
    if [ $status = 0 ]; then
        echo "$t: $((SECONDS - begin)) s, $runs runs, $cov, 0 crashes"
    else
        echo "$t: FAILED after $((SECONDS - begin)) s ($runs runs); see $log and fuzz/.build/crash-$t-*"
        grep -m3 -E "ERROR|Fatal error|panic|SUMMARY" "$log" || true
        failed=1
    fi
done
exit $failed
