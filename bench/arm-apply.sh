#!/usr/bin/env bash
# bench/arm-apply.sh — private DNS for many instances against the ARM emulator with latency.
#
# N instances (default 100), each with one private endpoint in its own, unpeered vnet (the
# separate topology: zone privatelink.<dnsZone>.database.windows.net, one link, one A record).
# Every ARM call gets LATENCY_MS (default 100) of latency; `pe-net dns apply --yes` runs once per
# instance, CONCURRENCY (default 10) at a time. Reports:
#   - requests made vs the minimum (14 per fresh instance: 7 reads — instance, endpoint, NIC, two
#     peering lists, the zone in the DNS resource group and the forbidden name next to the instance
#     — then zone and link PUT + status poll + final GET each, and the record PUT);
#   - wall time vs the lower bound  latency × dependency depth × N ÷ concurrency  (depth 8: instance
#     ∥ endpoint → NIC ∥ peerings ∥ zone GET → zone PUT → poll → GET → link ∥ record PUT → poll → GET);
#   - writes during a no-change re-plan (`dns plan --expect-no-changes`), which must be 0.
# Last line: `ratio: <wall time / lower bound>` (target ≤ 1.3).
# Uses .build/release unless PENET_BIN_DIR points at a directory holding pe-net and arm-emulator.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100}
LATENCY_MS=${LATENCY_MS:-100}
CONCURRENCY=${CONCURRENCY:-10}
DEPTH=8
MIN_PER_INSTANCE=14
BIN=${PENET_BIN_DIR:-.build/release}
if [ -z "${PENET_BIN_DIR:-}" ]; then
  swift build -c release --product pe-net >&2
  swift build -c release --product arm-emulator >&2
fi

T=$(mktemp -d)
emulator_pid=
cleanup() {
  if [ -n "$emulator_pid" ]; then kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; fi
  rm -rf "$T"
}
trap cleanup EXIT

# The world: per instance an MI in mi-rg/mi-vnet-i, an endpoint + NIC in app-rg/app-vnet-i.
jq -n --argjson n "$N" '
  def sub: "00000000-1111-2222-3333-444444444444";
  def app: "55555555-6666-7777-8888-999999999999";
  def rid(s; rg; rest): "/subscriptions/\(s)/resourceGroups/\(rg)/providers/\(rest)";
  [range(0; $n) as $i
   | ("bench-mi-\($i)") as $mi
   | ("z\(1000000 + $i)") as $zone
   | rid(sub; "mi-rg"; "Microsoft.Network/virtualNetworks/mi-vnet-\($i)") as $mivnet
   | rid(app; "app-rg"; "Microsoft.Network/virtualNetworks/app-vnet-\($i)") as $appvnet
   | rid(sub; "mi-rg"; "Microsoft.Sql/managedInstances/\($mi)") as $miid
   | rid(app; "app-rg"; "Microsoft.Network/privateEndpoints/pe-\($i)") as $peid
   | rid(app; "app-rg"; "Microsoft.Network/networkInterfaces/pe-\($i).nic") as $nicid
   | {id: $mivnet, name: "mi-vnet-\($i)", type: "Microsoft.Network/virtualNetworks", location: "westeurope",
      properties: {addressSpace: {addressPrefixes: ["10.0.0.0/16"]}, subnets: [], virtualNetworkPeerings: [], provisioningState: "Succeeded"}},
     {id: $appvnet, name: "app-vnet-\($i)", type: "Microsoft.Network/virtualNetworks", location: "westeurope",
      properties: {addressSpace: {addressPrefixes: ["10.20.0.0/16"]}, subnets: [], virtualNetworkPeerings: [], provisioningState: "Succeeded"}},
     {id: $miid, name: $mi, type: "Microsoft.Sql/managedInstances", location: "westeurope",
      properties: {dnsZone: $zone, fullyQualifiedDomainName: "\($mi).\($zone).database.windows.net",
                   subnetId: "\($mivnet)/subnets/mi-subnet", state: "Ready", provisioningState: "Succeeded"}},
     {id: $peid, name: "pe-\($i)", type: "Microsoft.Network/privateEndpoints", location: "westeurope",
      properties: {subnet: {id: "\($appvnet)/subnets/endpoints"}, networkInterfaces: [{id: $nicid}],
                   privateLinkServiceConnections: [{name: "pe-\($i)", properties: {privateLinkServiceId: $miid, groupIds: ["managedInstance"],
                     privateLinkServiceConnectionState: {status: "Approved", description: "Auto-approved", actionsRequired: "None"}}}],
                   provisioningState: "Succeeded"}},
     {id: $nicid, name: "pe-\($i).nic", type: "Microsoft.Network/networkInterfaces", location: "westeurope",
      properties: {ipConfigurations: [{name: "ipconfig", properties: {privateIPAddress: "10.20.\(($i / 250 | floor)).\(($i % 250) + 4)",
                     privateLinkConnectionProperties: {groupId: "managedInstance"}, primary: true}}], provisioningState: "Succeeded"}}
  ]' > "$T/world.json"

"$BIN/arm-emulator" --world "$T/world.json" --port 0 --latency-ms "$LATENCY_MS" --operation-ms 0 --poll-after-ms 0 \
  > "$T/emulator.out" 2>&1 &
emulator_pid=$!
for _ in $(seq 1 100); do grep -q "listening on" "$T/emulator.out" 2>/dev/null && break; sleep 0.1; done
URL=$(sed -n 's/^listening on //p' "$T/emulator.out")
[ -n "$URL" ] || { echo "arm-emulator did not start: $(cat "$T/emulator.out")" >&2; exit 1; }
echo "bench-token" > "$T/token"

run_all() { # $1 = plan|apply, rest = extra flags
  local verb=$1; shift
  seq 0 $((N - 1)) | xargs -P "$CONCURRENCY" -I{} "$BIN/pe-net" dns "$verb" \
    --instance "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/mi-rg/providers/Microsoft.Sql/managedInstances/bench-mi-{}" \
    --endpoint "/subscriptions/55555555-6666-7777-8888-999999999999/resourceGroups/app-rg/providers/Microsoft.Network/privateEndpoints/pe-{}" \
    --arm-endpoint "$URL" --access-token-file "$T/token" -o json "$@" > /dev/null
}
count() { curl -s "$URL/_emulator/requests" | jq "[.[] | select($1)] | length"; }

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# CPU of finished child processes, from the shell's own `times` (not in a subshell).
children_cpu() { awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, t, "m"); sub("s", "", t[2]); s += t[1] * 60 + t[2] } print s }' "$1"; }
curl -s -X DELETE "$URL/_emulator/requests" > /dev/null
emulator_before=$(cpu_ticks "$emulator_pid")
times > "$T/times.before"
start=$(date +%s.%N)
run_all apply --yes
end=$(date +%s.%N)
times > "$T/times.after"
client_cpu=$(awk -v a="$(children_cpu "$T/times.before")" -v b="$(children_cpu "$T/times.after")" 'BEGIN { print b - a }')
emulator_cpu=$(awk -v a="$emulator_before" -v b="$(cpu_ticks "$emulator_pid")" -v hz="$(getconf CLK_TCK)" 'BEGIN { print (b - a) / hz }')
requests=$(count 'true')
writes=$(count '.method != "GET"')
curl -s -X DELETE "$URL/_emulator/requests" > /dev/null
run_all plan --expect-no-changes
replan_writes=$(count '.method != "GET"')
replan_requests=$(count 'true')

wall=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
bound=$(awk -v l="$LATENCY_MS" -v d="$DEPTH" -v n="$N" -v c="$CONCURRENCY" 'BEGIN { print l / 1000 * d * n / c }')
printf 'instances: %d, latency: %d ms per call, concurrency: %d processes\n' "$N" "$LATENCY_MS" "$CONCURRENCY"
printf 'apply requests: %d (minimum %d), writes: %d (minimum %d)\n' "$requests" $((N * MIN_PER_INSTANCE)) "$writes" $((N * 3))
printf 'apply wall time: %.2f s, lower bound: %.2f s (%d ms x depth %d x %d / %d)\n' "$wall" "$bound" "$LATENCY_MS" "$DEPTH" "$N" "$CONCURRENCY"
printf 'cpu during apply: pe-net processes %.2f s, emulator %.2f s, on %d cores (load average %s)\n' "$client_cpu" "$emulator_cpu" "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)"
printf 're-plan: %d requests, %d writes (must be 0)\n' "$replan_requests" "$replan_writes"
[ "$replan_writes" -eq 0 ] || { echo "re-plan wrote to ARM" >&2; exit 1; }
printf 'ratio: %.3f\n' "$(awk -v w="$wall" -v b="$bound" 'BEGIN { print w / b }')"
