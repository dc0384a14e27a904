#!/usr/bin/env bash
# bench/fwd.sh - data plane and apply time of `pe-net fwd`, against anchors in the same run.
#
# Topology (private network namespaces created here, deleted on exit; no other address is used):
#
#   [cli] cli0 10.201.1.2/24 --- fwdc 10.201.1.1/24 [fwd] fwdb 10.201.2.1/24 --- be0 10.201.2.2/24 [be]
#
# Data plane, the modes interleaved run by run in three identical topologies (iperf3 1 and 8 streams, Gbit/s receiver side; connections/s with `ab`, HTTP/1.0 =
# one TCP connection per request, against a haproxy "return 200" responder in [be]):
#   direct        - routed through [fwd], no NAT (the anchor: what the wire can do)
#   direct-ct     - routed, no NAT, but with connection tracking on in [fwd] (an nft forward chain
#                   with `ct state established,related accept`): separates conntrack's cost from NAT's
#   pe-net-nft    - rules applied by `pe-net fwd apply --backend nft`
#   pe-net-ipt    - rules applied by `pe-net fwd apply --backend iptables`
# Every figure is the median over RUNS rounds (default 9) with its spread (min-max); ratios are
# paired: each round's value over direct's of the same round, then the median of those.
# Apply time for 100 mappings (hyperfine, scratch namespace, empty ruleset before each run;
# APPLY_ROUNDS rounds, each timing every command, ratios per round):
#   anchor: ip_fwd.sh-style per-rule calls (iptables -A DNAT + -A MASQUERADE per mapping = 200 calls)
#   pe-net fwd apply (nft, iptables), end to end (process start, inspection, one transaction)
#   against the floor: the bare transaction pe-net loads (nft -f / iptables-restore --noflush of
#   its rendered file) + `pe-net --version` (process start). Target <= 1.3 (lower is better).
#   A no-change `pe-net fwd reconcile` (100 mappings in place) against the read-only floor: the
#   bare `nft -j list ruleset` it reads + `pe-net --version`. Target <= 1.2 (lower is better).
#   Each time also comes with its CPU time (user+system, children included) and each ratio with
#   the same ratio in CPU time: steadier on a shared machine, and free of the kernel's waits.
# Last line: `ratio: <pe-net-nft throughput / direct>` (higher is better): per round, pe-net's
# iperf3 result over direct's in the same round; the median over rounds for 1 and for 8 streams,
# averaged. With `apply` only: `ratio: <pe-net fwd apply (nft) / floor>` (lower is better).
#
# Needs root and: iproute2 nftables iptables iperf3 haproxy apache2-utils hyperfine python3
# Usage: sudo bench/fwd.sh [all|dataplane|apply]   env: RUNS=9 DUR=5 CONNS=20000 CONC=8 APPLY_RUNS=10 APPLY_ROUNDS=5
#        PE_NET_BIN=<path> skips `swift build -c release`.
set -u
cd "$(dirname "$0")/.."
RUNS=${RUNS:-9}
DUR=${DUR:-5}
CONNS=${CONNS:-20000}
CONC=${CONC:-8}
APPLY_RUNS=${APPLY_RUNS:-10}
APPLY_ROUNDS=${APPLY_ROUNDS:-5}
WHAT=${1:-all}
WORK=$(mktemp -d /tmp/pe-net-fwd-bench.XXXXXX)
RES=$WORK/results.tsv
P=pn-$$-bench
RNS=$P-rules
C_IP=10.201.1.2 F_IP_C=10.201.1.1 F_IP_B=10.201.2.1 B_IP=10.201.2.2
IPERF_PORT=5201 HTTP_PORT=8080 FE_IPERF=15201 FE_HTTP=18080

inx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
log() { echo "[$(date +%T)] $*" >&2; }

for tool in ip nft iptables iperf3 haproxy ab hyperfine python3; do
  command -v "$tool" >/dev/null || { echo "bench: '$tool' missing (apt-get install iproute2 nftables iptables iperf3 haproxy apache2-utils hyperfine python3)" >&2; exit 1; }
done
if [ -z "${PE_NET_BIN:-}" ]; then
  log "building pe-net (release, static Swift runtime) into .build-release"
  swift build -c release --static-swift-stdlib --scratch-path .build-release --product pe-net >"$WORK/build.log" 2>&1 \
    || { tail -20 "$WORK/build.log"; exit 1; }
  PE_NET_BIN=$(swift build -c release --static-swift-stdlib --scratch-path .build-release --show-bin-path)/pe-net
fi

MODES="direct direct-ct pe-net-nft pe-net-ipt"
ns_of() { echo "$P-$1-$2"; }   # mode role -> namespace name

cleanup() {
  local all="$RNS" m
  for m in $MODES; do all="$all $(ns_of $m cli) $(ns_of $m fw) $(ns_of $m be)"; done
  for ns in $all; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill "$pid" 2>/dev/null; done
  done
  sleep 0.2
  for ns in $all; do ip netns del "$ns" 2>/dev/null; done
}
trap 'cleanup; rm -rf "$WORK"' EXIT INT TERM

# One complete client/forwarder/backend topology per mode, all built up front, so that the runs
# of the modes can be interleaved and load from other processes hits every mode alike.
setup() { # mode
  local m=$1 CLI FWD BE
  CLI=$(ns_of $m cli) FWD=$(ns_of $m fw) BE=$(ns_of $m be)
  for ns in $CLI $FWD $BE; do ip netns add $ns; inx $ns ip link set lo up; done
  ip link add cli0 netns $CLI type veth peer name fwdc netns $FWD
  ip link add fwdb netns $FWD type veth peer name be0 netns $BE
  inx $CLI ip addr add $C_IP/24 dev cli0;    inx $CLI ip link set cli0 up
  inx $FWD ip addr add $F_IP_C/24 dev fwdc;  inx $FWD ip link set fwdc up
  inx $FWD ip addr add $F_IP_B/24 dev fwdb;  inx $FWD ip link set fwdb up
  inx $BE  ip addr add $B_IP/24 dev be0;     inx $BE  ip link set be0 up
  inx $CLI ip route add default via $F_IP_C
  for ns in $CLI $BE; do
    inx $ns sysctl -qw net.ipv4.ip_local_port_range="1024 65000" net.ipv4.tcp_tw_reuse=1
  done
  inx $BE iperf3 -s -p $IPERF_PORT -D -I "$WORK/iperf-$m.pid"
  cat > "$WORK/be-haproxy-$m.cfg" <<CFG
global
  maxconn 4000
  pidfile $WORK/be-haproxy-$m.pid
defaults
  mode http
  timeout connect 2s
  timeout client 5s
  timeout server 5s
frontend resp
  bind $B_IP:$HTTP_PORT
  http-request return status 200 content-type text/plain string ok
CFG
  inx $BE haproxy -D -f "$WORK/be-haproxy-$m.cfg"
  case $m in
    direct|direct-ct)
      inx $FWD sysctl -qw net.ipv4.ip_forward=1
      inx $BE ip route add $C_IP/32 via $F_IP_B
      if [ $m = direct-ct ]; then
        inx $FWD nft -f - <<'NFT'
table ip bench_ct {
	chain forward { type filter hook forward priority filter; policy accept; ct state established,related counter accept; }
}
NFT
      fi
      echo "$B_IP $IPERF_PORT $HTTP_PORT" > "$WORK/target-$m";;
    pe-net-nft|pe-net-ipt)
      local backend=nft; [ $m = pe-net-ipt ] && backend=iptables
      inx $FWD "$PE_NET_BIN" fwd apply --yes --quiet --backend $backend --root "$WORK/root-$m" --interface fwdc \
        --map $FE_IPERF=$B_IP:$IPERF_PORT --map $FE_HTTP=$B_IP:$HTTP_PORT >/dev/null || { log "pe-net apply failed ($m)"; exit 1; }
      echo "$F_IP_C $FE_IPERF $FE_HTTP" > "$WORK/target-$m";;
  esac
}

iperf_run() { # mode host port streams -> Gbit/s (receiver side)
  inx $(ns_of $1 cli) timeout $((DUR+20)) iperf3 -c "$2" -p "$3" -t "$DUR" -P "$4" -J 2>/dev/null |
    python3 -c 'import json,sys
try: print("%.2f" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]/1e9))
except Exception: print("nan")'
}

ab_run() { # mode host port -> connections/s
  inx $(ns_of $1 cli) timeout 120 ab -q -n "$CONNS" -c "$CONC" -s 5 "http://$2:$3/" 2>/dev/null |
    awk '/^Failed requests/{ if ($3>0) print "WARN failed requests: "$3 > "/dev/stderr" }
         /Requests per second/{printf "%.0f\n",$4; f=1} END{if(!f)print "nan"}'
}

median() { python3 -c 'import sys,statistics as s
v=[float(x) for x in sys.argv[1:] if x!="nan"]; print("%.2f"%s.median(v) if v else "nan")' "$@"; }

bench_dataplane() {
  cleanup
  for m in $MODES; do setup $m; done
  sleep 0.5
  declare -A vals
  local order
  for r in $(seq "$RUNS"); do
    # rotate the order every round so no mode always runs first (or right after a given other one)
    order=$(python3 -c 'import sys; m=sys.argv[2:]; k=int(sys.argv[1])%len(m); print(" ".join(m[k:]+m[:k]))' "$r" $MODES)
    for m in $order; do
      read -r host pi ph < "$WORK/target-$m"
      for S in 1 8; do vals[$m,P$S]+=" $(iperf_run $m "$host" "$pi" $S)"; done
      vals[$m,conn]+=" $(ab_run $m "$host" "$ph")"
      inx $(ns_of $m fw) conntrack -F >/dev/null 2>&1
      log "run $r/$RUNS $m: P1${vals[$m,P1]##* } P8${vals[$m,P8]##* } conn/s${vals[$m,conn]##* }"
    done
  done
  for m in $MODES; do
    for S in 1 8; do
      printf "%s\tiperf_P%s_Gbps\t%s\t%s\n" $m $S "$(median ${vals[$m,P$S]})" "${vals[$m,P$S]# }" | tee -a "$RES"
    done
    printf "%s\tconn_per_s\t%s\t%s\n" $m "$(median ${vals[$m,conn]})" "${vals[$m,conn]# }" | tee -a "$RES"
  done
  cleanup
}

bench_apply() {
  ip netns del $RNS 2>/dev/null; ip netns add $RNS
  ip -n $RNS link add eth0 type veth peer name eth0p; ip -n $RNS link set eth0 up
  local maps="" i dst
  : > "$WORK/ipfwd-100.sh"
  for i in $(seq 1 100); do
    dst="10.201.3.$(( (i % 250) + 1 ))"
    maps="$maps --map $((20000+i))=$dst:1433"
    # what 100 runs of `ip_fwd.sh -i eth0 -f <port> -a <ip> -b 1433` send to the kernel
    echo "iptables -t nat -A PREROUTING -p tcp -i eth0 --dport $((20000+i)) -j DNAT --to $dst:1433" >> "$WORK/ipfwd-100.sh"
    echo "iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE" >> "$WORK/ipfwd-100.sh"
  done
  echo "$maps" > "$WORK/maps"
  inx $RNS "$PE_NET_BIN" fwd render --format nft --interface eth0 $maps > "$WORK/pe-net-100.nft"
  inx $RNS "$PE_NET_BIN" fwd render --format iptables-restore --interface eth0 $maps > "$WORK/pe-net-100.rules"
  local reset="nft flush ruleset; rm -rf $WORK/root-apply"
  # the state for the no-change reconcile: 100 mappings applied in a root of its own
  inx $RNS nft flush ruleset
  inx $RNS "$PE_NET_BIN" fwd apply --yes --quiet --backend nft --interface eth0 --root "$WORK/root-rec" $maps >/dev/null
  local keep="nft flush ruleset; nft -f $WORK/pe-net-100.nft"
  for round in $(seq "$APPLY_ROUNDS"); do
    inx $RNS hyperfine -N --warmup 1 --runs "$APPLY_RUNS" --export-json "$WORK/apply-$round.json" \
      --prepare "bash -c '$reset'" -n "ip_fwd.sh-style per-rule iptables (200 calls)" "bash $WORK/ipfwd-100.sh" \
      --prepare "bash -c '$reset'" -n "pe-net fwd apply --backend nft" "$PE_NET_BIN fwd apply --yes --backend nft --interface eth0 --root $WORK/root-apply $maps" \
      --prepare "bash -c '$reset'" -n "pe-net fwd apply --backend iptables" "$PE_NET_BIN fwd apply --yes --backend iptables --interface eth0 --root $WORK/root-apply $maps" \
      --prepare "bash -c '$reset'" -n "transaction only: nft -f" "nft -f $WORK/pe-net-100.nft" \
      --prepare "bash -c '$reset'" -n "transaction only: iptables-restore --noflush" "iptables-restore --noflush $WORK/pe-net-100.rules" \
      --prepare "bash -c '$keep'" -n "pe-net fwd reconcile (no change)" "$PE_NET_BIN fwd reconcile --root $WORK/root-rec" \
      --prepare "bash -c '$keep'" -n "read only: nft -j list ruleset" "nft -j list ruleset" \
      --prepare "true" -n "pe-net --version" "$PE_NET_BIN --version" \
      >/dev/null 2>"$WORK/hyperfine.err" || { cat "$WORK/hyperfine.err" >&2; exit 1; }
  done
  python3 - "$WORK" "$APPLY_ROUNDS" <<'PY' | tee -a "$RES"
import json, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
per, cpu = {}, {}
for r in range(1, rounds + 1):
    for x in json.load(open(f"{work}/apply-{r}.json"))["results"]:
        per.setdefault(x["command"], []).append(x["median"] * 1e3)
        # CPU time (user + system, mean of the round, children included): steadier than wall
        # time on a shared machine, and it has no kernel waits (RCU grace periods) in it.
        cpu.setdefault(x["command"], []).append((x["user"] + x["system"]) * 1e3)
for name, values in per.items():
    print("apply\t%s\t%.1f\tms median of %d round medians (min %.1f, max %.1f); CPU %.1f ms (min %.1f, max %.1f)" % (
        name, statistics.median(values), rounds, min(values), max(values),
        statistics.median(cpu[name]), min(cpu[name]), max(cpu[name])))
def ratio(label, top, parts):
    vals = [per[top][i] / sum(per[p][i] for p in parts) for i in range(rounds)]
    cpus = [cpu[top][i] / sum(cpu[p][i] for p in parts) for i in range(rounds)]
    print("ratio-apply\t%s\t%.2f\tmedian of per-round ratios (min %.2f, max %.2f); CPU time %.2f (min %.2f, max %.2f)" % (
        label, statistics.median(vals), min(vals), max(vals), statistics.median(cpus), min(cpus), max(cpus)))
ratio("apply nft / (nft -f + --version); target <= 1.3", "pe-net fwd apply --backend nft", ["transaction only: nft -f", "pe-net --version"])
ratio("apply iptables / (iptables-restore + --version); target <= 1.3", "pe-net fwd apply --backend iptables", ["transaction only: iptables-restore --noflush", "pe-net --version"])
ratio("no-change reconcile / (nft -j list ruleset + --version); target <= 1.2", "pe-net fwd reconcile (no change)", ["read only: nft -j list ruleset", "pe-net --version"])
PY
  # re-apply check: pe-net is idempotent, ip_fwd.sh-style -A is not
  inx $RNS nft flush ruleset
  inx $RNS bash "$WORK/ipfwd-100.sh"; inx $RNS bash "$WORK/ipfwd-100.sh"
  printf "apply\tip_fwd.sh-style twice -> rules (one run: 200)\t%s\n" "$(inx $RNS iptables -t nat -S | grep -c '^-A')" | tee -a "$RES"
  inx $RNS nft flush ruleset; rm -rf "$WORK/root-apply"
  for _ in 1 2; do inx $RNS "$PE_NET_BIN" fwd apply --yes --quiet --backend nft --interface eth0 --root "$WORK/root-apply" $maps >/dev/null; done
  printf "apply\tpe-net apply twice -> rules (one apply: 200)\t%s\n" "$(inx $RNS nft list table ip pe_net | grep -c 'pe-net:')" | tee -a "$RES"
  ip netns del $RNS
}

report() {
  python3 - "$RES" "$WHAT" <<'PY'
import sys, csv, statistics
rows = [r for r in csv.reader(open(sys.argv[1]), delimiter="\t") if r]
what = sys.argv[2]
runs = {(r[0], r[1]): [float(x) for x in r[3].split() if x != "nan"] for r in rows if len(r) > 3 and r[0] not in ("apply", "ratio-apply")}
def spread(v): return "median %8.2f (min %.2f, max %.2f)" % (statistics.median(v), min(v), max(v)) if v else "n/a"
if runs:
    print("\ndata plane, %d rounds, modes interleaved; paired = each round over direct's of the same round:" % max(len(v) for v in runs.values()))
    for (mode, test), v in runs.items():
        d = runs.get(("direct", test), [])
        paired = [b / a for a, b in zip(d, v) if a > 0]
        print("  %-11s %-15s %s   x direct: %s" % (mode, test, spread(v), spread(paired) if mode != "direct" else "-"))
apply = [r for r in rows if r[0] in ("apply", "ratio-apply")]
if apply:
    print("\napply, 100 mappings:")
    for r in apply: print("  " + "  ".join(r[1:]))
ratios = []
for s in ("1", "8"):
    d, p = runs.get(("direct", "iperf_P%s_Gbps" % s), []), runs.get(("pe-net-nft", "iperf_P%s_Gbps" % s), [])
    paired = [b / a for a, b in zip(d, p) if a > 0]
    if paired: ratios.append(statistics.median(paired))
if ratios:
    print("ratio: %.3f" % (sum(ratios) / len(ratios)))
else:
    nft = [r for r in rows if r[0] == "ratio-apply" and r[1].startswith("apply nft")]
    if nft: print("ratio: %s" % nft[0][2])
PY
}

printf "" > "$RES"
case $WHAT in
  all)       bench_dataplane; bench_apply;;
  dataplane) bench_dataplane;;
  apply)     bench_apply;;
  *) echo "usage: $0 [all|dataplane|apply]" >&2; exit 64;;
esac
report
