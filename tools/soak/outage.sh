#!/usr/bin/env bash
# Gateway outage measurement (a tool, not CI): N virtual boards at 1 Hz (iotstack-board --verify) publish to a private
# Mosquitto with the shipped settings (gateway/deploy/mosquitto/iotstack-gateway.conf) while the gateway (`iotstack gateway`,
# SQLite) is stopped for --outage seconds. Afterwards it compares what the boards' --verify subscriber received (it stays
# connected throughout) with what the gateway stored, and reports the message rate, the broker's peak RSS and any drop.
#
#   tools/soak/outage.sh --boards 200 --outage 300 [--warm 60] [--queue N] [--no-build]
#
# --queue overrides max_queued_messages (to check the arithmetic max_queued_messages / rate on a short outage).
set -euo pipefail
boards=200; outage=300; warm=60; queue=""; build=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --boards) boards=$2; shift 2 ;;
    --outage) outage=$2; shift 2 ;;
    --warm) warm=$2; shift 2 ;;
    --queue) queue=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work=$(mktemp -d /tmp/iotstack-outage.XXXXXX)
mkdir -p "$work/data" "$work/mqtt" "$work/boards"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
mqtt_port=$(free_port); http_port=$(free_port)
if [[ $build == 1 ]]; then
  dotnet build -c Release -v q "$repo/gateway/IotStack.Cli/IotStack.Cli.csproj" >/dev/null
  dotnet build -c Release -v q "$repo/firmware/IotStack.Firmware.Host/IotStack.Firmware.Host.csproj" >/dev/null
fi
gateway_dll="$repo/gateway/IotStack.Cli/bin/Release/net10.0/iotstack.dll"
board_dll="$repo/firmware/IotStack.Firmware.Host/bin/Release/net10.0/IotStack.Firmware.Host.dll"
{
  [[ $(id -u) == 0 ]] && echo "user root"
  echo "listener $mqtt_port 127.0.0.1"
  echo "allow_anonymous true"
  echo "persistence_location $work/mqtt/"
  echo "log_dest file $work/mosquitto.log"
  echo "log_type error"
  echo "log_type warning"
  echo "log_type notice"
  if [[ -n $queue ]]; then grep -v '^max_queued_messages' "$repo/gateway/deploy/mosquitto/iotstack-gateway.conf"; echo "max_queued_messages $queue"
  else cat "$repo/gateway/deploy/mosquitto/iotstack-gateway.conf"; fi
} > "$work/mosquitto.conf"

broker_pid=""; gateway_pid=""; fleet_pid=""
cleanup() { for pid in $fleet_pid $gateway_pid $broker_pid; do kill -TERM "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
mosquitto -c "$work/mosquitto.conf" >>"$work/mosquitto.out" 2>&1 &
broker_pid=$!
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$mqtt_port") 2>/dev/null && break; sleep 0.1; done
start_gateway() {
  DOTNET_gcServer=0 dotnet "$gateway_dll" gateway \
    --IotStack:Http:Urls="http://127.0.0.1:$http_port" --IotStack:Broker:Mode=External --IotStack:Broker:Host=127.0.0.1 \
    --IotStack:Broker:Port="$mqtt_port" --IotStack:Broker:ClientId=gw-outage --IotStack:Storage:Provider=Sqlite \
    --IotStack:Storage:SqlitePath="$work/data/gateway.db" --Logging:LogLevel:Default=Warning >>"$work/gateway.log" 2>&1 &
  gateway_pid=$!
  for _ in $(seq 600); do curl -s -o /dev/null "http://127.0.0.1:$http_port/health" && return; sleep 0.2; done
  echo "gateway did not answer /health" >&2; exit 1
}
# Reads the whole answer (no early exit: a SIGPIPE'd curl would fail the pipeline under pipefail).
metric() { curl -s --max-time 3 "http://127.0.0.1:$http_port/metrics" 2>/dev/null | awk -v m="$1" '!f && $1 ~ "^"m"({|$)" { print $2; f = 1 }' || true; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

start_gateway
total=$((warm + outage + warm + 30))
dotnet "$board_dll" --devices "$boards" --rate 1 --duration "$total" --broker "127.0.0.1:$mqtt_port" --fleet outage \
  --data-dir "$work/boards" --verify >"$work/fleet.log" 2>&1 &
fleet_pid=$!
sleep "$warm"
m0=$(metric iotstack_messages_received_total); sleep 30; m1=$(metric iotstack_messages_received_total)
rate=$(awk -v a="$m0" -v b="$m1" 'BEGIN { printf "%.1f", (b - a) / 30 }')
echo "steady: $rate messages/s reach the gateway from $boards boards"

echo "gateway stopped (SIGTERM) for $outage s"
kill -TERM "$gateway_pid"; wait "$gateway_pid" 2>/dev/null || true
peak=0; start=$(date +%s)
while [[ $(( $(date +%s) - start )) -lt $outage ]]; do r=$(rss_kb "$broker_pid"); [[ $r -gt $peak ]] && peak=$r; sleep 2; done
start_gateway
verify=0; wait "$fleet_pid" || verify=$?; fleet_pid=""
for _ in $(seq 300); do d=$(metric iotstack_ingest_queue_depth); [[ "${d:-1}" == 0 ]] && break; sleep 1; done
sleep 10
stored=$(sqlite3 "file:$work/data/gateway.db?mode=ro" "select count(*) from batches" || echo 0)
received=$(grep -o 'distinct [0-9]*' "$work/fleet.log" | tail -1 | awk '{print $2}' || true)
drops=$(grep -c 'Outgoing messages are being dropped' "$work/mosquitto.log" || true)
echo "boards' subscriber: $(grep '^verify' "$work/fleet.log" | tail -1 || true)"
echo "result: boards=$boards outage_s=$outage queue=${queue:-shipped} rate_msg_s=$rate queued_at_end~$(awk -v r="$rate" -v o="$outage" 'BEGIN { printf "%.0f", r * o }') batches_verified=$received batches_stored=$stored lost=$(( ${received:-0} - ${stored:-0} )) broker_drop_lines=$drops broker_peak_rss_kb=$peak"
echo "logs: $work"
