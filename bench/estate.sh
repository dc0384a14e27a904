#!/usr/bin/env bash
# Estate-wide discovery: N (default 1000) managed instances with 2 private endpoint connections
# each, spread over SUBS (default 10) subscriptions, in the ARM emulator (out of process, on
# 127.0.0.1) with LATENCY_MS (default 20) per call, Resource Graph pages and ARM lists of 100, and a
# per-subscription read budget of READ_BUDGET (default 60) reads per 5 s window answered with 429
# and Retry-After past it. Every 50th instance has no connection summary in its graph row, so the
# graph way must fall back to ARM for it.
#   pe-net: `pe-net endpoints list --scope all` (paged Resource Graph query + fallback reads);
#   anchor: `pe-net endpoints list --scope all --discovery arm` (list each subscription's instances,
#           then read each instance's connections: the per-instance ARM way), same binary, same run.
# ROUNDS (default 3) paired rounds, the order alternating, each run on a fresh emulator; both
# answers must be equal. Prints requests made, 429s the emulator answered and 429s that escaped
# (a failed run or a 429 in pe-net's output; must be 0), medians with min–max, and last
# `endpoints ratio: <per-instance median / graph median>` (higher is better).
# Then DNS_ROUNDS (default ROUNDS) runs of `pe-net dns plan --scope all` (every instance with an
# Approved connection: its endpoint, NIC and vnets are in the world too, no zone exists yet), each
# on a fresh emulator: requests made vs the minimum (the graph pages, GET /subscriptions, one
# connection list per instance without a summary), wall time against the bound Resource Graph's
# budget allows, 429s answered and escaped, and last `ratio: <wall / bound>` (lower is better; the
# target is 1.2). With DNS_ANCHOR=1 also one
# `--discovery arm` run (slow: about ten reads per instance), whose plans must equal the graph's.
# Uses .build/release unless PENET_BIN_DIR points at a directory holding pe-net and arm-emulator.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000}
SUBS=${SUBS:-10}
LATENCY_MS=${LATENCY_MS:-20}
READ_BUDGET=${READ_BUDGET:-60}
ROUNDS=${ROUNDS:-3}
DNS_ROUNDS=${DNS_ROUNDS:-$ROUNDS}
DNS_ANCHOR=${DNS_ANCHOR:-0}
BIN=${PENET_BIN_DIR:-.build/release}
if [ -z "${PENET_BIN_DIR:-}" ]; then
  swift build -c release --product pe-net >&2
  swift build -c release --product arm-emulator >&2
fi

T=$(mktemp -d /tmp/pe-net-bench-estate.XXXXXX)
emulator_pid=
cleanup() {
  if [ -n "$emulator_pid" ]; then kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; fi
  rm -rf "$T"
}
trap cleanup EXIT

python3 - "$T/world.json" "$N" "$SUBS" << 'EOF'
import json, sys
path, count, subs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
statuses = ["Approved", "Pending", "Rejected"]
docs = []
for i in range(count):
    sub = "%08x-e57a-4e00-8000-%012x" % (i % subs + 1, i % subs + 1)
    rg, name = f"mi-rg-{i % 7}", f"mi-{i:04d}"
    mi = f"/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Sql/managedInstances/{name}"
    conns = []
    for n in range(2):
        status = statuses[(i + n) % 3]
        conns.append({
            "id": f"{mi}/privateEndpointConnections/pe-{name}-{n}.{i * 31 + n:08x}",
            "properties": {
                "privateEndpoint": {"id": f"/subscriptions/{sub}/resourceGroups/app-rg/providers/Microsoft.Network/privateEndpoints/pe-{name}-{n}"},
                "privateLinkServiceConnectionState": {"status": status, "description": f"please approve {name}" if status == "Pending" else status, "actionsRequired": "None"},
                "provisioningState": "Ready"}})
    props = {"dnsZone": "z%011x" % (i + 1), "fullyQualifiedDomainName": f"{name}.z{i + 1:011x}.database.windows.net",
             "subnetId": f"/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/virtualNetworks/mi-vnet/subnets/mi-subnet",
             "state": "Ready", "provisioningState": "Succeeded", "proxyOverride": "Proxy"}
    summarized = i % 50 != 0
    if summarized:
        props["privateEndpointConnections"] = conns
    docs.append({"id": mi, "name": name, "type": "Microsoft.Sql/managedInstances", "location": "westeurope", "properties": props})
    docs.append({"id": props["subnetId"].rsplit("/subnets/", 1)[0], "name": "mi-vnet", "type": "Microsoft.Network/virtualNetworks",
                 "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}, "virtualNetworkPeerings": []}})
    app = f"/subscriptions/{sub}/resourceGroups/app-rg/providers/Microsoft.Network/virtualNetworks/app-vnet"
    for n, c in enumerate(conns):
        pe = c["properties"]["privateEndpoint"]["id"]
        nic = pe.replace("/privateEndpoints/", "/networkInterfaces/") + ".nic"
        docs.append({"id": pe, "name": pe.rsplit("/", 1)[1], "type": "Microsoft.Network/privateEndpoints",
                     "properties": {"subnet": {"id": app + "/subnets/endpoints"}, "networkInterfaces": [{"id": nic}],
                                    "privateLinkServiceConnections": [{"name": "c", "properties": {"privateLinkServiceId": mi,
                                        "privateLinkServiceConnectionState": c["properties"]["privateLinkServiceConnectionState"]}}]}})
        docs.append({"id": nic, "name": nic.rsplit("/", 1)[1], "type": "Microsoft.Network/networkInterfaces",
                     "properties": {"ipConfigurations": [{"name": "ipconfig", "properties": {
                         "privateIPAddress": f"10.20.{(2 * i + n) // 250}.{(2 * i + n) % 250 + 4}", "primary": True,
                         "privateLinkConnectionProperties": {"groupId": "managedInstance"}}}]}})
    if not summarized:
        for c in conns:
            docs.append(dict(c, name=c["id"].rsplit("/", 1)[1], type="Microsoft.Sql/managedInstances/privateEndpointConnections"))
for s in range(min(subs, count)):
    sub = "%08x-e57a-4e00-8000-%012x" % (s + 1, s + 1)
    docs.append({"id": f"/subscriptions/{sub}/resourceGroups/app-rg/providers/Microsoft.Network/virtualNetworks/app-vnet",
                 "name": "app-vnet", "type": "Microsoft.Network/virtualNetworks",
                 "properties": {"addressSpace": {"addressPrefixes": ["10.20.0.0/16"]}, "virtualNetworkPeerings": []}})
docs = list({d["id"]: d for d in docs}.values())  # one mi-vnet per resource group
json.dump(docs, open(path, "w"))
EOF
echo "bench-token-not-secret" > "$T/token"
faults="{\"readBudget\":$READ_BUDGET,\"budgetWindowSeconds\":5}"

start_emulator() {
  : > "$T/emulator.log"
  "$BIN/arm-emulator" --world "$T/world.json" --port 0 --latency-ms "$LATENCY_MS" --page-size 100 \
    --faults "$faults" > "$T/emulator.log" 2>&1 &
  emulator_pid=$!
  for _ in $(seq 1 400); do
    endpoint=$(sed -n 's/^listening on \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$T/emulator.log")
    [ -n "$endpoint" ] && return 0
    sleep 0.05
  done
  echo "arm-emulator did not start:" >&2; cat "$T/emulator.log" >&2; exit 1
}
stop_emulator() { kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; emulator_pid=; }

escaped=0
# run <graph|arm> <round>: one timed run on a fresh emulator; appends "way seconds requests 429s".
run() {
  start_emulator
  local t0 t1 status=0
  t0=$(date +%s.%N)
  "$BIN/pe-net" endpoints list --scope all --discovery "$1" -o json \
    --arm-endpoint "$endpoint" --access-token-file "$T/token" > "$T/$1.json" 2> "$T/$1.err" || status=$?
  t1=$(date +%s.%N)
  if [ "$status" != 0 ] || grep -q '429' "$T/$1.err"; then
    escaped=$((escaped + 1)); echo "$1 run failed ($status):" >&2; tail -3 "$T/$1.err" >&2
  fi
  curl -fsS "$endpoint/_emulator/requests" > "$T/log.json"
  python3 - "$T/log.json" "$1" "$t0" "$t1" >> "$T/times" << 'EOF'
import json, sys
log = json.load(open(sys.argv[1]))
log = log if isinstance(log, list) else log.get("requests", log.get("value", []))
print(sys.argv[2], float(sys.argv[4]) - float(sys.argv[3]), len(log), sum(1 for r in log if r.get("status") == 429))
EOF
  stop_emulator
}

: > "$T/times"
if [ "$ROUNDS" -gt 0 ]; then  # ROUNDS=0: the dns plan --scope runs only
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then run graph "$round"; run arm "$round"; else run arm "$round"; run graph "$round"; fi
  python3 - "$T/graph.json" "$T/arm.json" << 'EOF'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
strip = lambda rows: [(r["instance"], r["connections"]) for r in rows]
assert strip(a) == strip(b), "graph and per-instance answers differ"
assert len(a) > 0
EOF
done
python3 - "$T/times" "$N" "$SUBS" "$escaped" << 'EOF'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
n, subs, escaped = sys.argv[2], sys.argv[3], int(sys.argv[4])
def way(name):
    sel = [r for r in rows if r[0] == name]
    t = [float(r[1]) for r in sel]
    return t, [int(r[2]) for r in sel], [int(r[3]) for r in sel]
g, gr, g429 = way("graph")
a, ar, a429 = way("arm")
print(f"{n} instances over {subs} subscriptions, {len(g)} paired rounds")
print(f"graph (endpoints list --scope all):        median {statistics.median(g):.2f} s (min {min(g):.2f}, max {max(g):.2f}), {statistics.median(gr):.0f} requests, 429s answered {sum(g429)}")
print(f"per-instance (--discovery arm, anchor):    median {statistics.median(a):.2f} s (min {min(a):.2f}, max {max(a):.2f}), {statistics.median(ar):.0f} requests, 429s answered {sum(a429)}")
print(f"429s escaped: {escaped}")
print(f"endpoints ratio: {statistics.median(a) / statistics.median(g):.2f} (per-instance / graph, higher is better)")
EOF
fi

# dns_run <graph|arm>: one timed `dns plan --scope all` on a fresh emulator; appends to $T/dns-times.
dns_run() {
  start_emulator
  local t0 t1 status=0
  t0=$(date +%s.%N)
  "$BIN/pe-net" dns plan --scope all --discovery "$1" -o json \
    --arm-endpoint "$endpoint" --access-token-file "$T/token" > "$T/dns-$1.json" 2> "$T/dns-$1.err" || status=$?
  t1=$(date +%s.%N)
  if [ "$status" != 0 ] || grep -q '429' "$T/dns-$1.err"; then
    escaped=$((escaped + 1)); echo "dns plan $1 run failed ($status):" >&2; tail -3 "$T/dns-$1.err" >&2
  fi
  curl -fsS "$endpoint/_emulator/requests" > "$T/log.json"
  python3 - "$T/log.json" "$1" "$t0" "$t1" "$T/dns-$1.json" "$T/world.json" >> "$T/dns-times" << 'EOF'
import json, sys
log = json.load(open(sys.argv[1]))
log = log if isinstance(log, list) else log.get("requests", log.get("value", []))
plans, world = json.load(open(sys.argv[5])), json.load(open(sys.argv[6]))
types = {"microsoft.sql/managedinstances", "microsoft.network/privateendpoints", "microsoft.network/networkinterfaces",
         "microsoft.network/virtualnetworks", "microsoft.network/privatednszones",
         "microsoft.network/privatednszones/virtualnetworklinks"}
rows = sum(1 for d in world if d["type"].lower() in types)
unsummarized = sum(1 for d in world if d["type"] == "Microsoft.Sql/managedInstances"
                   and "privateEndpointConnections" not in d["properties"])
minimum = -(-rows // 100) + 1 + unsummarized
graph = sum(1 for r in log if r.get("path", "").lower().endswith("/microsoft.resourcegraph/resources"))
print(sys.argv[2], float(sys.argv[4]) - float(sys.argv[3]), len(log), sum(1 for r in log if r.get("status") == 429),
      minimum, graph, len(plans))
EOF
  stop_emulator
}

: > "$T/dns-times"
for round in $(seq 1 "$DNS_ROUNDS"); do dns_run graph; done
if [ "$DNS_ANCHOR" = 1 ]; then
  dns_run arm
  python3 - "$T/dns-graph.json" "$T/dns-arm.json" << 'EOF'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert a == b and len(a) > 0, "graph and per-instance dns plans differ"
EOF
fi
python3 - "$T/dns-times" "$escaped" "$LATENCY_MS" << 'EOF'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
ratio = None
for name, label in (("graph", "dns plan --scope all"), ("arm", "dns plan --scope all --discovery arm")):
    sel = [r for r in rows if r[0] == name]
    if not sel:
        continue
    t = [float(r[1]) for r in sel]
    print(f"{label}: {len(sel)} run(s), median {statistics.median(t):.2f} s (min {min(t):.2f}, max {max(t):.2f}), "
          f"{sel[0][6]} plans, {statistics.median(int(r[2]) for r in sel):.0f} requests ({sel[0][5]} graph pages) "
          f"vs minimum {sel[0][4]}, 429s answered {sum(int(r[3]) for r in sel)}")
    if name == "graph":
        # Resource Graph's budget (15 queries, 3 more a second) paces the pages; the fallback
        # connection reads go 8 at a time, each one call of LATENCY_MS.
        pages, latency = int(sel[0][5]), float(sys.argv[3]) / 1000
        fallback = int(sel[0][4]) - pages - 1
        bound = (max(0, pages - 15) / 3 + min(pages, 15) * latency) + (1 + -(-fallback // 8)) * latency
        print(f"dns plan --scope all bound: {bound:.2f} s (wall / bound, lower is better)")
        ratio = statistics.median(t) / bound
print(f"429s escaped (all rounds): {int(sys.argv[2])}")
if ratio is not None:
    print(f"ratio: {ratio:.2f}")
EOF
