#!/usr/bin/env bash
# Approving N (default 50) Pending private endpoint connections on a SQL Managed Instance, on the
# local ARM emulator with LATENCY_MS (default 50) of latency added to every call:
#   pe-net:  one `pe-net endpoints approve --all-pending` (reads first, bounded concurrency, waits
#            for each long-running operation);
#   anchor:  what users do today (no az/PowerShell command supports MI connections): one
#            `az rest --method put --skip-authorization-header` per connection, in a loop, with
#            azure-cli from PyPI in this benchmark's own virtual environment (bench/.venv).
# Each side gets a fresh emulator seeded with the same N Pending connections, and each run is
# checked to have approved all N. Last line: `ratio: <az rest loop seconds / pe-net seconds>`.
# All traffic stays on 127.0.0.1; az is pointed at a dead loopback proxy for anything else.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
count=${N:-50}
latency=${LATENCY_MS:-50}
venv="$root/bench/.venv"

work=$(mktemp -d /tmp/pe-net-bench-endpoints.XXXXXX)
emulator_pid=""
cleanup() {
  if [ -n "$emulator_pid" ]; then kill "$emulator_pid" 2> /dev/null || true; wait "$emulator_pid" 2> /dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "building pe-net and arm-emulator (release)..." >&2
for product in pe-net arm-emulator; do
  swift build -c release --product "$product" > "$work/build.log" 2>&1 || { tail -30 "$work/build.log" >&2; exit 1; }
done
bin=$(swift build -c release --show-bin-path)

sub=00000000-1111-2222-3333-444444444444
mi_id="/subscriptions/$sub/resourceGroups/bench-rg/providers/Microsoft.Sql/managedInstances/bench-mi"
python3 - "$work/world.json" "$mi_id" "$count" << 'EOF'
import json, sys
path, mi, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
docs = [{
    "id": mi, "name": "bench-mi", "type": "Microsoft.Sql/managedInstances", "location": "westeurope",
    "properties": {"state": "Ready", "provisioningState": "Succeeded",
                   "fullyQualifiedDomainName": "bench-mi.abc123.database.windows.net", "dnsZone": "abc123"},
}]
for i in range(count):
    name = f"pec-{i:03d}"
    docs.append({
        "id": f"{mi}/privateEndpointConnections/{name}", "name": name,
        "type": "Microsoft.Sql/managedInstances/privateEndpointConnections",
        "properties": {
            "privateEndpoint": {"id": f"/subscriptions/55555555-6666-7777-8888-999999999999/resourceGroups/consumer/providers/Microsoft.Network/privateEndpoints/pe-{i:03d}"},
            "privateLinkServiceConnectionState": {"status": "Pending", "description": "please", "actionsRequired": "None"},
            "provisioningState": "Ready",
        },
    })
json.dump(docs, open(path, "w"))
EOF
echo "bench-token-not-secret" > "$work/token"

# Starts a fresh emulator; sets $endpoint.
start_emulator() {
  : > "$work/emulator.log"
  "$bin/arm-emulator" --world "$work/world.json" --port 0 --latency-ms "$latency" > "$work/emulator.log" 2>&1 &
  emulator_pid=$!
  for _ in $(seq 1 200); do
    endpoint=$(sed -n 's/^listening on \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$work/emulator.log")
    [ -n "$endpoint" ] && return 0
    sleep 0.05
  done
  echo "arm-emulator did not start:" >&2; cat "$work/emulator.log" >&2; exit 1
}

stop_emulator() {
  kill "$emulator_pid" 2> /dev/null || true
  wait "$emulator_pid" 2> /dev/null || true
  emulator_pid=""
}

# Counts Approved connections through the emulator (no latency on this check's clock).
approved_count() {
  curl -fsS "$endpoint$mi_id/privateEndpointConnections?api-version=2025-01-01" \
    | python3 -c 'import json,sys; print(sum(1 for c in json.load(sys.stdin)["value"] if c["properties"]["privateLinkServiceConnectionState"]["status"]=="Approved"))'
}

now() { date +%s.%N; }

# pe-net side.
start_emulator
t0=$(now)
"$bin/pe-net" endpoints approve --instance "$mi_id" --all-pending --yes --description "Approved by pe-net" \
  --arm-endpoint "$endpoint" --access-token-file "$work/token" > "$work/pe-net.out" 2>&1 \
  || { echo "pe-net failed:" >&2; cat "$work/pe-net.out" >&2; exit 1; }
t1=$(now)
penet=$(python3 -c "print(f'{$t1 - $t0:.3f}')")
done_penet=$(approved_count)
stop_emulator
[ "$done_penet" = "$count" ] || { echo "pe-net approved $done_penet of $count" >&2; cat "$work/pe-net.out" >&2; exit 1; }
echo "pe-net endpoints approve --all-pending: $count approved in ${penet} s"

# Anchor side: azure-cli in bench/.venv.
if [ ! -x "$venv/bin/az" ]; then
  echo "installing azure-cli from PyPI into bench/.venv (once)..." >&2
  if ! { python3 -m venv "$venv" && "$venv/bin/pip" install -q azure-cli; } > "$work/pip.log" 2>&1; then
    echo "skipping the az rest side: azure-cli could not be installed into bench/.venv:" >&2
    tail -5 "$work/pip.log" >&2
    echo "ratio: NaN"
    exit 0
  fi
fi
export AZURE_CONFIG_DIR="$work/az-config" AZURE_CORE_COLLECT_TELEMETRY=false AZURE_CORE_SURVEY_MESSAGE=false \
  AZURE_CORE_NO_COLOR=true AZURE_CORE_ONLY_SHOW_ERRORS=true \
  HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY=127.0.0.1,localhost
mkdir -p "$AZURE_CONFIG_DIR"
body='{"properties":{"privateLinkServiceConnectionState":{"status":"Approved","description":"Approved by az rest"}}}'
start_emulator
t0=$(now)
for i in $(seq 0 $((count - 1))); do
  name=$(printf 'pec-%03d' "$i")
  "$venv/bin/az" rest --method put --skip-authorization-header --output none \
    --url "$endpoint$mi_id/privateEndpointConnections/$name?api-version=2025-01-01" \
    --headers "Content-Type=application/json" --body "$body"
done
t1=$(now)
az=$(python3 -c "print(f'{$t1 - $t0:.3f}')")
done_az=$(approved_count)
stop_emulator
[ "$done_az" = "$count" ] || { echo "the az rest loop approved $done_az of $count" >&2; exit 1; }
echo "az rest --method put loop (azure-cli $("$venv/bin/pip" show azure-cli 2> /dev/null | sed -n 's/^Version: //p')): $count approved in ${az} s"
python3 -c "print(f'ratio: {$az / $penet:.2f}')"
