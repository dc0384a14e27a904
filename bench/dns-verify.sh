#!/usr/bin/env bash
# Benchmark: `pe-net dns verify` of NAMES names (default 10,000) through unbound (stub zones ->
# NSD, cache off), against dnsperf (DNS-OARC's load tool) in the same run: same unbound, same
# names, same outstanding-query window (WINDOW, default 256: pe-net's --max-in-flight, dnsperf -q),
# one socket each (dnsperf -c 1 -T 1), EDNS on both. dnsperf only counts answers; pe-net checks
# every answer against its expected address. ROUNDS paired rounds (order alternates per round);
# each round's ratio is pe-net's names/s (wall time of the whole process) over dnsperf's
# queries/s; reported: the median and the spread (min-max) of the per-round figures, and the CPU
# time (user+sys, /usr/bin/time) each tool used beside its wall time.
# Also: peak RSS of `pe-net dns verify` for NAMES and for BIG names (default 100,000; target
# < 64 MiB) with /usr/bin/time -v, a raw single-socket ldns loop in C (one query at a time) and
# a drill loop on DRILL_NAMES names, once each, for orientation.
# Loopback only. Last line: `ratio: <pe-net names/s / dnsperf qps>` (higher is better; target >= 0.9).
# Environment: NAMES, BIG, WINDOW, DRILL_NAMES (200), ROUNDS (9), PENET (binary; default: release build).
set -euo pipefail
cd "$(dirname "$0")/.."
NAMES=${NAMES:-10000}
BIG=${BIG:-100000}
WINDOW=${WINDOW:-256}
DRILL_NAMES=${DRILL_NAMES:-200}
ROUNDS=${ROUNDS:-9}

if ! command -v dnsperf >/dev/null; then
  echo "dns-verify: dnsperf is missing; installing Debian's dnsperf (apt-get install -y dnsperf)" >&2
  apt-get install -y dnsperf >/dev/null 2>&1 || { echo "dns-verify: could not install dnsperf; run 'apt-get install dnsperf' as root" >&2; exit 1; }
fi
for tool in nsd unbound drill dig cc pkg-config /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "dns-verify: $tool is missing; run scripts/setup.sh" >&2; exit 1; }
done

if [ -z "${PENET:-}" ]; then
  echo "dns-verify: building pe-net (release, static Swift runtime) into .build-release" >&2
  swift build -c release --static-swift-stdlib --scratch-path .build-release --product pe-net >/dev/null
  PENET=$(swift build -c release --static-swift-stdlib --scratch-path .build-release --show-bin-path)/pe-net
fi
ZONE_NAMES=$(( NAMES > BIG ? NAMES : BIG ))

T=$(mktemp -d /tmp/pe-net-bench-dns.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$T"
}
trap cleanup EXIT

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 30000))
    if ! ss -Hlun "sport = :$port" | grep -q . && ! ss -Hltn "sport = :$port" | grep -q .; then echo "$port"; return; fi
  done
}
NSD_PORT=$(free_port)
UNBOUND_PORT=$(free_port)
while [ "$UNBOUND_PORT" = "$NSD_PORT" ]; do UNBOUND_PORT=$(free_port); done

# Zones: <i>.abc123.database.windows.net CNAME -> <i>.privatelink... A 10.x.y.z
mkdir -p "$T/zones"
{
  printf '$ORIGIN abc123.database.windows.net.\n$TTL 300\n@ IN SOA ns1 hostmaster 1 3600 600 86400 300\n  IN NS ns1\nns1 IN A 127.0.0.1\n'
  awk -v n="$ZONE_NAMES" 'BEGIN { for (i = 0; i < n; i++) printf "mi%d IN CNAME mi%d.privatelink.abc123.database.windows.net.\n", i, i }'
} > "$T/zones/abc123.database.windows.net.zone"
{
  printf '$ORIGIN privatelink.abc123.database.windows.net.\n$TTL 10\n@ IN SOA localhost. hostmaster.localhost. 1 3600 600 86400 10\n  IN NS localhost.\n'
  awk -v n="$ZONE_NAMES" 'BEGIN { for (i = 0; i < n; i++) printf "mi%d IN A 10.%d.%d.%d\n", i, int(i / 65536) % 256, int(i / 256) % 256, i % 256 }'
} > "$T/zones/privatelink.abc123.database.windows.net.zone"
awk -v n="$ZONE_NAMES" 'BEGIN { for (i = 0; i < n; i++) printf "mi%d.abc123.database.windows.net=10.%d.%d.%d\n", i, int(i / 65536) % 256, int(i / 256) % 256, i % 256 }' > "$T/expect-big.txt"
head -n "$BIG" "$T/expect-big.txt" > "$T/expect-big.tmp" && mv "$T/expect-big.tmp" "$T/expect-big.txt"
head -n "$NAMES" "$T/expect-big.txt" > "$T/expect.txt"
awk -F= '{ print $1 " A" }' "$T/expect.txt" > "$T/dnsperf.txt"
head -n "$DRILL_NAMES" "$T/expect.txt" > "$T/expect-drill.txt"

cat > "$T/nsd.conf" <<CONF
server:
    ip-address: 127.0.0.1
    port: $NSD_PORT
    do-ip6: no
    server-count: 1
    username: ""
    chroot: ""
    zonesdir: "$T/zones"
    database: ""
    zonelistfile: "$T/zone.list"
    pidfile: "$T/nsd.pid"
    xfrdfile: "$T/xfrd.state"
    xfrdir: "$T"
    logfile: "$T/nsd.log"
    verbosity: 1
    rrl-ratelimit: 0
    rrl-whitelist-ratelimit: 0
remote-control:
    control-enable: no
zone:
    name: abc123.database.windows.net
    zonefile: abc123.database.windows.net.zone
zone:
    name: privatelink.abc123.database.windows.net
    zonefile: privatelink.abc123.database.windows.net.zone
CONF
cat > "$T/unbound.conf" <<CONF
server:
    interface: 127.0.0.1
    port: $UNBOUND_PORT
    do-ip6: no
    do-daemonize: no
    num-threads: 1
    username: ""
    chroot: ""
    directory: "$T"
    pidfile: "$T/unbound.pid"
    use-syslog: no
    logfile: "$T/unbound.log"
    verbosity: 0
    access-control: 127.0.0.0/8 allow
    module-config: "iterator"
    do-not-query-localhost: no
    qname-minimisation: no
    outgoing-interface: 127.0.0.1
    cache-max-ttl: 0
    cache-max-negative-ttl: 0
    ratelimit: 0
    ip-ratelimit: 0
    local-zone: "." static
    local-zone: "abc123.database.windows.net." transparent
remote-control:
    control-enable: no
stub-zone:
    name: "abc123.database.windows.net"
    stub-addr: 127.0.0.1@$NSD_PORT
stub-zone:
    name: "privatelink.abc123.database.windows.net"
    stub-addr: 127.0.0.1@$NSD_PORT
CONF

nsd -d -c "$T/nsd.conf" >"$T/nsd.out" 2>&1 &
pids+=($!)
unbound -d -c "$T/unbound.conf" >"$T/unbound.out" 2>&1 &
pids+=($!)
ready() { dig +time=1 +tries=1 -p "$1" @127.0.0.1 abc123.database.windows.net SOA 2>/dev/null | grep -q 'status: NOERROR'; }
for _ in $(seq 100); do ready "$NSD_PORT" && ready "$UNBOUND_PORT" && break; sleep 0.1; done
ready "$UNBOUND_PORT" || { echo "dns-verify: servers did not start" >&2; cat "$T"/*.out "$T/nsd.log" >&2; exit 1; }

cc -O2 -o "$T/ldns-query-loop" bench/ldns-query-loop.c $(pkg-config --cflags --libs ldns)

now() { date +%s.%N; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }

# warm-up (page cache, unbound's infra cache for the stub addresses)
"$T/ldns-query-loop" 127.0.0.1 "$UNBOUND_PORT" < "$T/expect-drill.txt" >/dev/null
"$PENET" dns verify --server "127.0.0.1:$UNBOUND_PORT" --expect-file "$T/expect-drill.txt" >/dev/null

cpu_of() { # /usr/bin/time -v output -> user+sys seconds
  awk -F: '/User time|System time/ { s += $2 } END { printf "%.3f", s }' "$1"
}

run_dnsperf() { # -> "queries/s cpu_seconds"
  /usr/bin/time -v -o "$T/dnsperf-time.txt" dnsperf -s 127.0.0.1 -p "$UNBOUND_PORT" -d "$T/dnsperf.txt" -n 1 -c 1 -T 1 -q "$WINDOW" -t 2 -e > "$T/dnsperf.out" 2>&1 || {
    echo "dns-verify: dnsperf failed:" >&2; tail -5 "$T/dnsperf.out" >&2; exit 1; }
  local completed
  completed=$(awk '/Queries completed:/ { print $3 }' "$T/dnsperf.out")
  [ "$completed" = "$NAMES" ] || echo "dns-verify: dnsperf completed $completed of $NAMES queries" >&2
  echo "$(awk '/Queries per second:/ { printf "%.0f", $4 }' "$T/dnsperf.out") $(cpu_of "$T/dnsperf-time.txt")"
}

run_penet() { # expect-file count -> "names/s seconds rss_kib cpu_seconds"
  local start end seconds rss
  start=$(now)
  /usr/bin/time -v -o "$T/time.txt" "$PENET" dns verify --server "127.0.0.1:$UNBOUND_PORT" --max-in-flight "$WINDOW" \
    --expect-file "$1" > "$T/verify.out" || {
    echo "dns-verify: pe-net dns verify failed:" >&2; grep -v '^ok ' "$T/verify.out" | tail -5 >&2; exit 1; }
  end=$(now)
  tail -n 1 "$T/verify.out" | grep -q "$2 ok, 0 failed" || { echo "dns-verify: unexpected summary: $(tail -n 1 "$T/verify.out")" >&2; exit 1; }
  seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
  rss=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$T/time.txt")
  echo "$(rate "$2" "$seconds") $seconds $rss $(cpu_of "$T/time.txt")"
}

: > "$T/rounds.txt"
for round in $(seq "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then
    read -r qps qcpu < <(run_dnsperf); read -r penet seconds rss pcpu < <(run_penet "$T/expect.txt" "$NAMES")
  else
    read -r penet seconds rss pcpu < <(run_penet "$T/expect.txt" "$NAMES"); read -r qps qcpu < <(run_dnsperf)
  fi
  printf 'round %d: dnsperf %6d q/s (CPU %.3f s)   pe-net dns verify %6d names/s (%.3f s, CPU %.3f s, peak RSS %d KiB)   ratio %.3f\n' \
    "$round" "$qps" "$qcpu" "$penet" "$seconds" "$pcpu" "$rss" "$(awk -v a="$penet" -v b="$qps" 'BEGIN { print a / b }')"
  echo "$qps $penet $rss $qcpu $pcpu" >> "$T/rounds.txt"
done

read -r ok failed seconds < <("$T/ldns-query-loop" 127.0.0.1 "$UNBOUND_PORT" < "$T/expect.txt" || true)
[ "$failed" = 0 ] || { echo "dns-verify: the raw loop failed $failed names" >&2; exit 1; }
raw=$(rate "$ok" "$seconds")

read -r big_rate big_seconds big_rss big_cpu < <(run_penet "$T/expect-big.txt" "$BIG")

start=$(now)
while IFS='=' read -r name ip; do
  drill -Q -p "$UNBOUND_PORT" @127.0.0.1 "$name" A | grep -qx "$ip" || { echo "dns-verify: drill got no $ip for $name" >&2; exit 1; }
done < "$T/expect-drill.txt"
end=$(now)
drill_rate=$(rate "$DRILL_NAMES" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')")

python3 - "$T/rounds.txt" "$NAMES" "$WINDOW" "$raw" "$drill_rate" "$DRILL_NAMES" "$BIG" "$big_rate" "$big_rss" "$big_cpu" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
names, window, raw, drill, drill_names, big, big_rate, big_rss, big_cpu = sys.argv[2:11]
qps = [r[0] for r in rows]; penet = [r[1] for r in rows]; rss = [r[2] for r in rows]
qcpu = [r[3] * 1e6 / int(names) for r in rows]; pcpu = [r[4] * 1e6 / int(names) for r in rows]
ratios = [r[1] / r[0] for r in rows]
def fmt(v, f="%.0f"):
    return ("median " + f + " (min " + f + ", max " + f + ")") % (statistics.median(v), min(v), max(v))
print(f"names: {names} through unbound (stub -> NSD, cache off) on 127.0.0.1, window {window}, {len(rows)} paired rounds")
print("dnsperf (anchor, checks nothing): " + fmt(qps) + " queries/s")
print("pe-net dns verify (checks all):   " + fmt(penet) + " names/s, peak RSS " + fmt(rss) + " KiB")
print("CPU (user+sys) per name:          dnsperf " + fmt(qcpu, "%.1f") + " us, pe-net " + fmt(pcpu, "%.1f") + " us")
print("paired ratio pe-net / dnsperf:    " + fmt(ratios, "%.3f") + "   (target >= 0.9)")
print(f"pe-net dns verify of {big} names:  {big_rate} names/s, CPU {big_cpu} s, peak RSS {big_rss} KiB ({int(big_rss) / 1024:.1f} MiB; target < 64 MiB)")
print(f"raw ldns loop, one query at a time: {raw} names/s; drill loop ({drill_names} names): {drill} names/s")
print("ratio: %.3f" % statistics.median(ratios))
PY
