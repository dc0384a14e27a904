#!/usr/bin/env bash
# Benchmark: `pe-net dns verify` on 10,000 names through unbound (stub zones -> NSD, cache off),
# against two anchors measured in the same run on the same servers:
#   - the ceiling: a raw single-socket ldns query loop in C (bench/ldns-query-loop.c), one
#     query at a time, packets built and parsed by ldns as pe-net does;
#   - a drill loop (one process per name), sampled on 200 names.
# Also records the peak RSS of `pe-net dns verify` for the 10,000 names (/usr/bin/time -v).
# Loopback only. Last line: `ratio: <pe-net names/s / ceiling names/s>`.
# Environment: NAMES (default 10000), DRILL_NAMES (200), ROUNDS (5), PENET (binary; default: release build).
set -euo pipefail
cd "$(dirname "$0")/.."
NAMES=${NAMES:-10000}
DRILL_NAMES=${DRILL_NAMES:-200}
ROUNDS=${ROUNDS:-5}

for tool in nsd unbound drill dig cc pkg-config /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "dns-verify: $tool is missing; run scripts/setup.sh" >&2; exit 1; }
done

if [ -z "${PENET:-}" ]; then
  swift build -c release --product pe-net >/dev/null
  PENET=.build/release/pe-net
fi

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
  awk -v n="$NAMES" 'BEGIN { for (i = 0; i < n; i++) printf "mi%d IN CNAME mi%d.privatelink.abc123.database.windows.net.\n", i, i }'
} > "$T/zones/abc123.database.windows.net.zone"
{
  printf '$ORIGIN privatelink.abc123.database.windows.net.\n$TTL 10\n@ IN SOA localhost. hostmaster.localhost. 1 3600 600 86400 10\n  IN NS localhost.\n'
  awk -v n="$NAMES" 'BEGIN { for (i = 0; i < n; i++) printf "mi%d IN A 10.%d.%d.%d\n", i, int(i / 65536) % 256, int(i / 256) % 256, i % 256 }'
} > "$T/zones/privatelink.abc123.database.windows.net.zone"
awk -v n="$NAMES" 'BEGIN { for (i = 0; i < n; i++) printf "mi%d.abc123.database.windows.net=10.%d.%d.%d\n", i, int(i / 65536) % 256, int(i / 256) % 256, i % 256 }' > "$T/expect.txt"
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

best_raw=0; best_penet=0; rss_kb=0
for round in $(seq "$ROUNDS"); do
  read -r ok failed seconds < <("$T/ldns-query-loop" 127.0.0.1 "$UNBOUND_PORT" < "$T/expect.txt" || true)
  [ "$failed" = 0 ] || { echo "dns-verify: the raw loop failed $failed names" >&2; exit 1; }
  raw=$(rate "$ok" "$seconds")

  start=$(now)
  /usr/bin/time -v -o "$T/time.txt" "$PENET" dns verify --server "127.0.0.1:$UNBOUND_PORT" --expect-file "$T/expect.txt" > "$T/verify.out" || {
    echo "dns-verify: pe-net dns verify failed:" >&2; grep -v '^ok ' "$T/verify.out" | tail -5 >&2; exit 1; }
  end=$(now)
  seconds_penet=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
  penet=$(rate "$NAMES" "$seconds_penet")
  rss=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$T/time.txt")
  tail -n 1 "$T/verify.out" | grep -q "$NAMES ok, 0 failed" || { echo "dns-verify: unexpected summary: $(tail -n 1 "$T/verify.out")" >&2; exit 1; }
  printf 'round %d: raw ldns loop %6d names/s   pe-net dns verify %6d names/s (%.3f s, peak RSS %d KiB)\n' "$round" "$raw" "$penet" "$seconds_penet" "$rss"
  [ "$raw" -gt "$best_raw" ] && best_raw=$raw
  [ "$penet" -gt "$best_penet" ] && best_penet=$penet
  [ "$rss" -gt "$rss_kb" ] && rss_kb=$rss
done

start=$(now)
while IFS='=' read -r name ip; do
  drill -Q -p "$UNBOUND_PORT" @127.0.0.1 "$name" A | grep -qx "$ip" || { echo "dns-verify: drill got no $ip for $name" >&2; exit 1; }
done < "$T/expect-drill.txt"
end=$(now)
drill_rate=$(rate "$DRILL_NAMES" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')")

echo "names: $NAMES through unbound (stub -> NSD, cache off) on 127.0.0.1, best of $ROUNDS rounds"
echo "raw ldns single-socket loop (ceiling): $best_raw names/s"
echo "pe-net dns verify:                     $best_penet names/s, peak RSS $rss_kb KiB ($((rss_kb / 1024)) MiB)"
echo "drill loop ($DRILL_NAMES names):              $drill_rate names/s"
echo "pe-net / drill: $(awk -v a="$best_penet" -v b="$drill_rate" 'BEGIN { printf "%.1f", a / b }')"
echo "ratio: $(awk -v a="$best_penet" -v b="$best_raw" 'BEGIN { printf "%.2f", a / b }')"
