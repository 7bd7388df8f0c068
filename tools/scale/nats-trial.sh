#!/usr/bin/env bash
# A first look at NATS (nats-server 2.9, Debian) as the MQTT entry of a scaled-out fleet (docs/scale.md, "Device ownership").
# Starts a 3-node JetStream cluster with an MQTT listener on each node and, for comparison, a Mosquitto, all on loopback;
# then, for each broker, publishes N QoS 1 messages (MQTT 3.1.1, mosquitto_pub) to one node and receives them with a
# persistent-session QoS 1 subscriber on another, and reads the brokers' CPU time from /proc. Last, it kills one NATS node
# (kill -9) halfway through a publish run and counts what the subscriber got. Everything stops on exit.
# Usage: tools/scale/nats-trial.sh [N]      (N messages per run, default 20000)
set -euo pipefail
N=${1:-20000}
DIR=$(mktemp -d /tmp/iotstack-nats.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$DIR"; }
trap cleanup EXIT
[ -n "${KEEP:-}" ] && echo "files in $DIR"

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
cpu_ms() { # utime+stime of the given pids, in ms
  local total=0; for p in "$@"; do
    if [ -r /proc/$p/stat ]; then read -r -a f < <(sed 's/.*) //' /proc/$p/stat); total=$((total + f[11] + f[12])); fi
  done; echo $((total * 1000 / $(getconf CLK_TCK))); }

declare -a CP MP HP NP
for i in 1 2 3; do CP[$i]=$(port); MP[$i]=$(port); HP[$i]=$(port); NP[$i]=$(port); done
for i in 1 2 3; do
  routes=""; for j in 1 2 3; do [ "$j" != "$i" ] && routes="${routes:+$routes, }nats-route://127.0.0.1:${CP[$j]}"; done
  mkdir -p "$DIR/n$i"
  cat > "$DIR/n$i.conf" <<CONF
server_name: n$i
listen: 127.0.0.1:${NP[$i]}
http: 127.0.0.1:${HP[$i]}
jetstream { store_dir: "$DIR/n$i" }
cluster { name: iot, listen: 127.0.0.1:${CP[$i]}, routes: [$routes] }
mqtt { listen: 127.0.0.1:${MP[$i]} }
CONF
  nats-server -c "$DIR/n$i.conf" > "$DIR/n$i.log" 2>&1 & PIDS+=($!); eval "NATS$i=$!"
done
MQ=$(port)
printf 'listener %s 127.0.0.1\nallow_anonymous true\nmax_inflight_messages 100\nmax_queued_messages 100000\n' "$MQ" > "$DIR/mosquitto.conf"
mosquitto -c "$DIR/mosquitto.conf" > "$DIR/mosquitto.log" 2>&1 & PIDS+=($!); MOSQ=$!

# JetStream needs a meta leader before MQTT sessions work.
for _ in $(seq 1 120); do
  if curl -fs "http://127.0.0.1:${HP[1]}/healthz?js-enabled-only=true" >/dev/null 2>&1 && curl -fs "http://127.0.0.1:${HP[1]}/jsz" | grep -q '"leader"'; then break; fi
  sleep 0.5
done

run() { # name pubport subport count [kill-pid]; QOS=0 for at-most-once (no session, no JetStream write)
  local name=$1 pub=$2 sub=$3 count=$4 victim=${5:-} out="$DIR/$1.recv" q=${QOS:-1} keep="-c"
  [ "$q" = 0 ] && keep=""
  mosquitto_sub -V mqttv311 -h 127.0.0.1 -p "$sub" -q "$q" $keep -i "sub-$name" -t "iot/$name/#" > "$out" & local sp=$!
  sleep 2
  local before; before=$(cpu_ms "${BROKER[@]}")
  local t0; t0=$(date +%s%N)
  if [ -n "$victim" ]; then
    ( sleep 1; kill -9 "$victim" 2>/dev/null; echo "killed $victim at +1 s" ) &
    # -d: count the PUBACKs, i.e. what the broker acknowledged before the publisher's connection went down with the node.
    mosquitto_pub -d -V mqttv311 -h 127.0.0.1 -p "$pub" -q "$q" -i "pub-$name" -t "iot/$name/d/telemetry" -m x --repeat "$count" --repeat-delay 0.0005 > "$DIR/$name.pub" 2>&1 || true
    echo "acknowledged to the publisher before it lost its connection: $(grep -c 'received PUBACK' "$DIR/$name.pub")"
  else
    mosquitto_pub -V mqttv311 -h 127.0.0.1 -p "$pub" -q "$q" -i "pub-$name" -t "iot/$name/d/telemetry" -m x --repeat "$count"
  fi
  local t1; t1=$(date +%s%N)
  for _ in $(seq 1 60); do [ "$(wc -l < "$out")" -ge "$count" ] && break; sleep 0.5; done
  local after; after=$(cpu_ms "${BROKER[@]}")
  kill "$sp" 2>/dev/null || true
  local got; got=$(wc -l < "$out")
  local ms=$(( (t1 - t0) / 1000000 ))
  printf '%-16s sent %6d  received %6d  publish wall %6d ms  (%6.0f msg/s)  broker CPU %6d ms = %5.1f us/msg\n' \
    "$name" "$count" "$got" "$ms" "$(echo "$count * 1000 / ($ms + 1)" | bc -l)" "$((after - before))" "$(echo "($after - $before) * 1000 / $count" | bc -l)"
}

BROKER=("$MOSQ");                 QOS=0 run mosquitto-qos0 "$MQ" "$MQ" "$N"
BROKER=("$NATS1" "$NATS2" "$NATS3"); QOS=0 run nats-3node-qos0 "${MP[1]}" "${MP[2]}" "$N"
BROKER=("$MOSQ");                 run mosquitto "$MQ" "$MQ" "$N"
BROKER=("$NATS1" "$NATS2" "$NATS3"); run nats-3node "${MP[1]}" "${MP[2]}" "$((N / 10))"
BROKER=("$NATS1" "$NATS2" "$NATS3"); run nats-kill-n3 "${MP[1]}" "${MP[2]}" "$((N / 10))" "$NATS3"
