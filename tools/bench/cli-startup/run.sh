#!/usr/bin/env bash
# Start-up time per CLI call: the installed .NET tool against `dotnet run`, in the same run, calls interleaved so
# machine load hits every variant alike. Prints the median of N calls per variant and its ratio to `dotnet run`.
# Usage: tools/bench/cli-startup/run.sh [N]   (from the repository root; packs and installs into a temp folder)
set -euo pipefail
N=${1:-5}
root=$(pwd)
work=$(mktemp -d /tmp/iotstack-cli-bench.XXXXXX)
trap 'kill "$gw" 2>/dev/null || true; wait "$gw" 2>/dev/null || true; rm -rf "$work"' EXIT

dotnet pack gateway/IotStack.Cli -c Release -o "$work/packages" -v q >/dev/null
dotnet tool install --tool-path "$work/tools" --add-source "$work/packages" IotStack.Cli >/dev/null
dotnet build gateway/IotStack.Cli -c Release -v q >/dev/null

free_port() { local p; for _ in $(seq 50); do p=$((20000 + RANDOM % 40000)); (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; return 0; }; done; return 1; }
http=$(free_port); mqtt=$(free_port)
(cd "$work" && exec "$work/tools/iotstack" gateway --IotStack:Http:Urls=http://127.0.0.1:$http --IotStack:Broker:Port=$mqtt </dev/null >gateway.log 2>&1) &
gw=$!
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$http/health" >/dev/null && break; sleep 0.5; done
export IOTSTACK_URL=http://127.0.0.1:$http IOTSTACK_TOKEN_FILE=$work/.iotstack/api-token

seconds() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
declare -A times
variants=("tool" "dotnet-dll" "dotnet-run-no-build" "dotnet-run")
for _ in $(seq "$N"); do
  times[tool]+="$(seconds "$work/tools/iotstack" devices) "
  times[dotnet-dll]+="$(seconds dotnet "$root/gateway/IotStack.Cli/bin/Release/net10.0/iotstack.dll" devices) "
  times[dotnet-run-no-build]+="$(seconds dotnet run --no-build -c Release --project "$root/gateway/IotStack.Cli" -- devices) "
  times[dotnet-run]+="$(seconds dotnet run -c Release --project "$root/gateway/IotStack.Cli" -- devices) "
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
base=$(echo "${times[dotnet-run]}" | median)
echo "| variant (iotstack devices) | median ms | ratio to dotnet run |"
echo "| --- | --- | --- |"
for v in "${variants[@]}"; do
  m=$(echo "${times[$v]}" | median)
  printf '| %s | %s | %.2f |\n' "$v" "$m" "$(echo "$m / $base" | bc -l)"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
