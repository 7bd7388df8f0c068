#!/usr/bin/env bash
# Fleet capacity / acceptance run (not a test): a private Mosquitto on loopback, iotstack-board with --verify,
# and the CPU used by the fleet process and by the broker.
#
#   firmware/IotStack.Firmware.Host/scripts/fleet-run.sh DEVICES SECONDS [iotstack-board options...]
#   e.g. fleet-run.sh 2000 60
#        fleet-run.sh 500 60 --faults "spike:temperature@10s,stuck:humidity@20s+15s,nack:bme280@25s+5s,outage@30s+15s,reboot@50s" --fault-share 0.2
set -euo pipefail
devices=${1:?devices}; seconds=${2:?seconds}; shift 2
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
work=$(mktemp -d /tmp/iotstack-fleet-run.XXXXXX)
port=$((20000 + RANDOM % 40000))
cat > "$work/mosquitto.conf" <<CONF
user root
listener $port 127.0.0.1
allow_anonymous true
persistence false
pid_file $work/mosquitto.pid
log_dest file $work/mosquitto.log
max_queued_messages 0
CONF
mosquitto -c "$work/mosquitto.conf" -d
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
broker_pid=$(cat "$work/mosquitto.pid")
trap 'kill -TERM "$broker_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

dotnet build -c Release -v q "$repo/firmware/IotStack.Firmware.Host/IotStack.Firmware.Host.csproj" >/dev/null
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
before=$(ticks "$broker_pid"); start=$(date +%s.%N)
status=0
dotnet "$repo/firmware/IotStack.Firmware.Host/bin/Release/net10.0/IotStack.Firmware.Host.dll" \
  --devices "$devices" --duration "$seconds" --broker "127.0.0.1:$port" --data-dir "$work/data" --verify "$@" || status=$?
after=$(ticks "$broker_pid"); end=$(date +%s.%N)
awk -v a="$before" -v b="$after" -v s="$start" -v e="$end" -v hz="$hz" \
  'BEGIN { printf "mosquitto cpu %.0f%% of one core over %.0f s\n", (b - a) / hz / (e - s) * 100, e - s }'
echo "machine load: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
