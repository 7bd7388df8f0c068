#!/usr/bin/env bash
# Soak run (a tool, not CI): a private Mosquitto with the shipped settings (gateway/deploy/mosquitto/iotstack-gateway.conf),
# the built `iotstack gateway` on SQLite, and N virtual boards (iotstack-board --verify) at 1 Hz for a duration,
# with faults on a schedule. Every few seconds it samples the gateway's RSS, open handles (/proc/PID/fd), threads,
# the SQLite WAL size, the ingest queue depth and the broker's RSS into a CSV, and at the end prints a summary:
# first, last and max of each column and the median of the first quarter of the run against the last quarter (flat or
# growing), the boards' --verify result and the store's batch count.
#
#   tools/soak/soak.sh [--boards 2000] [--minutes 30] [--sample 5] [--fault-every 300] [--faults gateway-kill,broker-kill,gateway-pause]
#                      [--out DIR] [--no-build]
#
# Needs the Release build (it builds the gateway and the board unless --no-build). Faults, in turn, every
# --fault-every seconds: gateway-kill (SIGKILL, restarted 10 s later), broker-kill (SIGKILL, restarted 5 s later on
# its persistence), gateway-pause (SIGSTOP for 60 s: a gateway that is away while its process lives). Nothing binds
# beyond loopback; everything it starts is stopped on exit.
set -euo pipefail
boards=2000; minutes=30; sample=5; fault_every=300; faults="gateway-kill,broker-kill,gateway-pause"; out=""; build=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --boards) boards=$2; shift 2 ;;
    --minutes) minutes=$2; shift 2 ;;
    --sample) sample=$2; shift 2 ;;
    --fault-every) fault_every=$2; shift 2 ;;
    --faults) faults=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work=$(mktemp -d /tmp/iotstack-soak.XXXXXX)
out=${out:-$work}
mkdir -p "$out" "$work/data" "$work/mqtt" "$work/boards"
csv="$out/soak.csv"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
mqtt_port=$(free_port); http_port=$(free_port)

if [[ $build == 1 ]]; then
  dotnet build -c Release -v q "$repo/gateway/IotStack.Cli/IotStack.Cli.csproj" >/dev/null
  dotnet build -c Release -v q "$repo/firmware/IotStack.Firmware.Host/IotStack.Firmware.Host.csproj" >/dev/null
fi
# Overridable, to soak a copy of the binaries while the tree is rebuilt.
gateway_dll=${IOTSTACK_SOAK_GATEWAY_DLL:-"$repo/gateway/IotStack.Cli/bin/Release/net10.0/iotstack.dll"}
board_dll=${IOTSTACK_SOAK_BOARD_DLL:-"$repo/firmware/IotStack.Firmware.Host/bin/Release/net10.0/IotStack.Firmware.Host.dll"}

{
  [[ $(id -u) == 0 ]] && echo "user root"
  echo "listener $mqtt_port 127.0.0.1"
  echo "allow_anonymous true"
  echo "persistence_location $work/mqtt/"
  echo "log_dest file $work/mosquitto.log"
  cat "$repo/gateway/deploy/mosquitto/iotstack-gateway.conf"
} > "$work/mosquitto.conf"

broker_pid=""; gateway_pid=""; fleet_pid=""
start_broker() {
  mosquitto -c "$work/mosquitto.conf" >>"$work/mosquitto.out" 2>&1 &
  broker_pid=$!
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$mqtt_port") 2>/dev/null && return; sleep 0.1; done
  echo "mosquitto did not start" >&2; exit 1
}
start_gateway() {
  DOTNET_gcServer=0 dotnet "$gateway_dll" gateway \
    --IotStack:Http:Urls="http://127.0.0.1:$http_port" --IotStack:Broker:Mode=External --IotStack:Broker:Host=127.0.0.1 \
    --IotStack:Broker:Port="$mqtt_port" --IotStack:Broker:ClientId=gw-soak --IotStack:Storage:Provider=Sqlite \
    --IotStack:Storage:SqlitePath="$work/data/gateway.db" --Logging:LogLevel:Default=Warning >>"$work/gateway.log" 2>&1 &
  gateway_pid=$!
  for _ in $(seq 600); do curl -s -o /dev/null "http://127.0.0.1:$http_port/health" && return; sleep 0.2; done
  echo "gateway did not answer /health" >&2; exit 1
}
cleanup() {
  for pid in $fleet_pid $gateway_pid $broker_pid; do kill -CONT "$pid" 2>/dev/null || true; kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

start_broker
start_gateway
seconds=$((minutes * 60))
# The boards run a little longer than the sampling so the last quarter is under full load; --verify subscribes first.
dotnet "$board_dll" --devices "$boards" --rate 1 --duration $((seconds + 30)) --broker "127.0.0.1:$mqtt_port" \
  --fleet soak --data-dir "$work/boards" --verify >"$work/fleet.log" 2>&1 &
fleet_pid=$!

# Reads the whole answer (no early exit: a SIGPIPE'd curl would fail the pipeline under pipefail).
metric() { curl -s --max-time 3 "http://127.0.0.1:$http_port/metrics" 2>/dev/null | awk -v m="$1" '!f && $1 ~ "^"m"({|$)" { print $2; f = 1 }' || true; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
echo "t_s,fault,gateway_pid,gateway_rss_kb,gateway_fds,gateway_threads,wal_bytes,ingest_queue_depth,batches_stored_since_start,broker_rss_kb,fleet_rss_kb,load1" > "$csv"
IFS=, read -r -a fault_list <<< "$faults"
fault_index=0; next_fault=$fault_every; fault="none"; start=$(date +%s)
while :; do
  now=$(( $(date +%s) - start ))
  [[ $now -ge $seconds ]] && break
  if [[ $now -ge $next_fault && ${#fault_list[@]} -gt 0 ]]; then
    fault=${fault_list[$((fault_index % ${#fault_list[@]}))]}; fault_index=$((fault_index + 1)); next_fault=$((next_fault + fault_every))
    echo "[$now s] fault: $fault"
    case "$fault" in
      gateway-kill) kill -KILL "$gateway_pid"; wait "$gateway_pid" 2>/dev/null || true; sleep 10; start_gateway ;;
      broker-kill) kill -KILL "$broker_pid"; wait "$broker_pid" 2>/dev/null || true; sleep 5; start_broker ;;
      gateway-pause) kill -STOP "$gateway_pid"; sleep 60; kill -CONT "$gateway_pid" ;;
    esac
  fi
  fds=$(ls "/proc/$gateway_pid/fd" 2>/dev/null | wc -l || true)
  threads=$(awk '/^Threads:/ { print $2 }' "/proc/$gateway_pid/status" 2>/dev/null || echo 0)
  wal=$(stat -c %s "$work/data/gateway.db-wal" 2>/dev/null || echo 0)
  echo "$now,$fault,$gateway_pid,$(rss_kb "$gateway_pid"),$fds,$threads,$wal,$(metric iotstack_ingest_queue_depth),$(metric iotstack_batches_stored_total),$(rss_kb "$broker_pid"),$(rss_kb "$fleet_pid"),$(cut -d' ' -f1 /proc/loadavg)" >> "$csv"
  fault="none"
  sleep "$sample"
done

# Let the boards finish (their --verify report), then the gateway drain what is queued.
verify=0; wait "$fleet_pid" || verify=$?; fleet_pid=""
for _ in $(seq 120); do
  depth=$(metric iotstack_ingest_queue_depth); [[ "${depth:-1}" == 0 ]] && break; sleep 1
done
sleep 5
stored=$(sqlite3 "file:$work/data/gateway.db?mode=ro" "select count(*) from batches" 2>/dev/null || echo "?")
received=$(grep -o 'distinct [0-9]*' "$work/fleet.log" | tail -1 | awk '{print $2}' || true)

echo "== soak: $boards boards at 1 Hz, $minutes min, faults every $fault_every s ($faults); samples in $csv"
python3 - "$csv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
q = max(1, len(rows) // 4)
print(f"{'column':28s} {'first':>12s} {'last':>12s} {'max':>12s} {'median Q1':>12s} {'median Q4':>12s} {'ratio':>6s}")
for c in ["gateway_rss_kb", "gateway_fds", "gateway_threads", "wal_bytes", "ingest_queue_depth", "broker_rss_kb", "fleet_rss_kb", "load1"]:
    v = [float(r[c] or 0) for r in rows]
    a, b = statistics.median(v[:q]), statistics.median(v[-q:])
    print(f"{c:28s} {v[0]:12.0f} {v[-1]:12.0f} {max(v):12.0f} {a:12.0f} {b:12.0f} {(b / a if a else 0):6.2f} {'GROWING' if a and b / a > 1.25 else 'flat'}")
PY
echo "boards --verify: exit $verify: $(grep '^verify' "$work/fleet.log" | tail -1 || true)"
echo "batches in the store: $stored; distinct batches the boards' subscriber received: ${received:-?}"
echo "faults: $(grep -c ',gateway-kill,' "$csv" || true) gateway kills, $(grep -c ',broker-kill,' "$csv" || true) broker kills, $(grep -c ',gateway-pause,' "$csv" || true) gateway pauses; broker drop lines: $(grep -c 'Outgoing messages are being dropped' "$work/mosquitto.log" || true)"
echo "logs: $work (gateway.log, fleet.log, mosquitto.log)"
