#!/usr/bin/env bash
# Issue #15's "done when", against a running demo (dotnet run --project tools/IotStack.Demo -- --duration 90s):
# what an anonymous client and an enrolled board can see and do on the demo's broker. docs/security.md explains it.
#
#   tools/security/check-demo.sh --mqtt-port PORT [--url http://127.0.0.1:5080] [--token-file .iotstack/api-token]
#
# PORT is the demo's plain (loopback) broker port from its first line ("broker 127.0.0.1:PORT"). The check enrols a
# board of its own ("spy-…" in fleet demo) with `iotstack devices add`, so the demo's boards keep their credentials,
# and revokes it at the end. Needs mosquitto-clients and curl. IOTSTACK overrides how the CLI is run (default: dotnet
# run of gateway/IotStack.Cli). Prints one line per check and exits non-zero if any failed.
set -uo pipefail

readonly REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
url=http://127.0.0.1:5080 token_file=.iotstack/api-token mqtt_port= listen=8
while (($#)); do
  case "$1" in
    --url) url=$2; shift 2 ;;
    --token-file) token_file=$2; shift 2 ;;
    --mqtt-port) mqtt_port=$2; shift 2 ;;
    --listen) listen=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "check-demo.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
[[ -n $mqtt_port ]] || { echo "check-demo.sh: --mqtt-port is required (the demo prints it)" >&2; exit 2; }
read -r -a iotstack <<<"${IOTSTACK:-dotnet run --project $REPO_ROOT/gateway/IotStack.Cli -c Release --}"

work=$(mktemp -d /tmp/iotstack-check.XXXXXX)
trap 'rm -rf "$work"' EXIT
failures=0
pass() { printf 'PASS  %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*"; failures=$((failures + 1)); }
metric() { curl -fsS "$url/metrics" | awk -v m="$1" '$1 == m || index($1, m "{") == 1 { s += $2 } END { print s + 0 }'; }

fleet=demo spy="spy-$RANDOM"
"${iotstack[@]}" devices add "$spy" --fleet "$fleet" --out "$work/spy.cfg" --url "$url" --token-file "$token_file" >"$work/add.out" 2>&1 \
  || { cat "$work/add.out"; echo "check-demo.sh: could not enrol $spy (is the demo running at $url?)" >&2; exit 1; }
cfg() { sed -n "s/^$1=//p" "$work/spy.cfg"; }
host=$(cfg mqtt.host) tls_port=$(cfg mqtt.port) user=$(cfg mqtt.user) secret=$(cfg mqtt.secret)
ca="$work/$(cfg mqtt.ca)"
[[ -f $ca ]] || { echo "check-demo.sh: the demo's broker has no TLS listener (no CA in $work/spy.cfg)" >&2; exit 1; }
echo "enrolled $user; broker TLS $host:$tls_port (CA pinned), plain 127.0.0.1:$mqtt_port"
tls=(-h "$host" -p "$tls_port" --cafile "$ca")
as_spy=(-u "$user" -P "$secret" -i "$user")
connect0=$(metric iotstack_mqtt_connect_refused_total)
publish0=$(metric iotstack_mqtt_publish_refused_total)
subscribe0=$(metric iotstack_mqtt_subscribe_refused_total)

# 1. No credentials: `#` on both listeners.
for listener in "plain -h 127.0.0.1 -p $mqtt_port" "TLS ${tls[*]}"; do
  read -r name args <<<"$listener"
  # shellcheck disable=SC2086
  out=$(timeout 20 mosquitto_sub -V 5 $args -i "anon-$RANDOM" -t '#' -v -W "$listen" 2>&1); rc=$?
  if grep -qiE 'not authori[sz]ed|bad user name|refused' <<<"$out" && ! grep -q '^iot/' <<<"$out"; then
    pass "anonymous subscribe to '#' over $name: refused at CONNECT (${out%%$'\n'*})"
  else
    fail "anonymous subscribe to '#' over $name: exit $rc, $(wc -l <<<"$out") lines: ${out:0:200}"
  fi
done

# 2. A board's credentials: every wildcard and every other board's topic; only its own command topic is granted.
timeout $((listen + 15)) mosquitto_sub -V 5 "${tls[@]}" "${as_spy[@]}" -t '#' -t 'iot/#' -t 'iot/+/+/telemetry' -t '$SYS/#' \
  -t "iot/$fleet/vdev-0000/cmd" -t "iot/$fleet/vdev-0000/ota/chunk" -t "iot/$fleet/$spy/cmd" -v -W "$listen" >"$work/spy.sub" 2>&1
received=$(grep -c '^iot/\|^\$SYS' "$work/spy.sub")
if ((received == 0)); then
  pass "board $user subscribed to '#', 'iot/#', 'iot/+/+/telemetry', '\$SYS/#' and vdev-0000's cmd and ota/chunk for ${listen}s: received 0 messages"
else
  fail "board $user received $received messages: $(grep -m 3 '^iot/\|^\$SYS' "$work/spy.sub" | tr '\n' ' ')"
fi

# 3. The spoofs of issue #15 with a board's credentials (the payloads need not be valid frames: the broker refuses
#    by topic before any board or the gateway reads them).
spoof() { # what topic [retain]
  local out
  out=$(mosquitto_pub -V 5 "${tls[@]}" "${as_spy[@]}" -q 1 ${3:+-r} -t "$2" -m spoof 2>&1)
  if grep -qi 'not authori[sz]ed' <<<"$out"; then pass "$1 ($2): refused, PUBACK Not authorized"; else fail "$1 ($2): ${out:-accepted}"; fi
}
spoof "reboot command to another board" "iot/$fleet/vdev-0000/cmd"
spoof "thresholds command to another board" "iot/$fleet/vdev-0001/cmd"
spoof "retained offline status for another board" "iot/$fleet/vdev-0002/status" retain
spoof "telemetry in another board's name" "iot/$fleet/vdev-0003/telemetry"
spoof "OTA offer to another board" "iot/$fleet/vdev-0004/ota/offer"
spoof "a command to its own board (the gateway's alone)" "iot/$fleet/$spy/cmd"

# 4. The gateway counted them (/metrics, the embedded broker's refusal counters).
connect1=$(metric iotstack_mqtt_connect_refused_total)
publish1=$(metric iotstack_mqtt_publish_refused_total)
subscribe1=$(metric iotstack_mqtt_subscribe_refused_total)
echo "refusals counted in /metrics during the check: connect +$((connect1 - connect0)), publish +$((publish1 - publish0)), subscribe +$((subscribe1 - subscribe0))"
((connect1 - connect0 >= 2 && publish1 - publish0 >= 6 && subscribe1 - subscribe0 >= 6)) \
  && pass "refusals counted in /metrics" || fail "refusals not all counted in /metrics"

# 5. Revoked: the board is refused from then on.
"${iotstack[@]}" devices revoke "$spy" --fleet "$fleet" --url "$url" --token-file "$token_file" >"$work/revoke.out" 2>&1 || cat "$work/revoke.out"
out=$(timeout 20 mosquitto_sub -V 5 "${tls[@]}" "${as_spy[@]}" -t "iot/$fleet/$spy/cmd" -W 3 2>&1)
if grep -qiE 'not authori[sz]ed|bad user name' <<<"$out"; then pass "revoked $user: refused at CONNECT (${out%%$'\n'*})"; else fail "revoked $user: ${out:-connected}"; fi

echo "$failures failed"
((failures == 0))
