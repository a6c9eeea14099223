#!/usr/bin/env bash
# SIGKILL of a coordinator process right after it answered submissions, round after round on one H2 store.
# Each round starts `terafleet coordinator` on the store the last one left, checks that every job the last one
# answered 201 for is there (200 on GET /v1/jobs/ID), then four clients submit jobs at once and the first one
# answered 201 kills the coordinator with kill -9. Prints one line per lost job and a summary; exit 1 on a loss.
# Usage: scripts/kill-loop.sh [ROUNDS] (default 30; needs cli/target/terafleet.jar, curl).
set -euo pipefail
rounds=${1:-30}
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$root/scripts/find-jdk.sh"
java="$(find_jdk)/bin/java"
jar="$root/cli/target/terafleet.jar"
[ -f "$jar" ] || { echo "kill-loop: $jar missing; build it with ./mvnw -q -B -ntp package -DskipTests" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/terafleet-kill-loop-XXXXXX")
pid=
cleanup() { if [ -n "$pid" ]; then kill -9 "$pid" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
for i in $(seq 1 40); do printf '{"custom_id": "i-%d", "input": "sentence number %d of the kill loop"}\n' "$i" "$i"; done >"$work/inputs.jsonl"

start() {
  "$java" --enable-native-access=ALL-UNNAMED -jar "$jar" coordinator --port "$port" --data-dir "$work/store" \
    --allow-anonymous --enrollment-token kill-loop-enrollment-token >"$work/coordinator-$1.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do
    curl -sf -o /dev/null "$base/v1/health" && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "kill-loop: the coordinator did not start; its log:" >&2
  cat "$work/coordinator-$1.log" >&2
  exit 1
}

# Submits until the coordinator is gone; after its first 201 it records the job and kills the coordinator.
client() {
  local answer code
  while answer=$(curl -s -X POST -H 'Content-Type: application/jsonl' --data-binary @"$work/inputs.jsonl" \
      -w '\n%{http_code}' "$base/v1/jobs?model=all-minilm-l6-v2"); do
    code=${answer##*$'\n'}
    [ "$code" = 201 ] || continue
    sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p' <<<"${answer%$'\n'*}" | head -1 >>"$work/acked"
    kill -9 "$pid" 2>/dev/null || true
  done
}

acked=0 lost=0 started=$(date +%s)
: >"$work/acked"
for round in $(seq 0 "$rounds"); do
  start "$round"
  while read -r job; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$base/v1/jobs/$job")
    acked=$((acked + 1))
    if [ "$code" != 200 ]; then lost=$((lost + 1)); echo "round $round: job $job answered $code after the restart"; fi
  done <"$work/acked"
  : >"$work/acked"
  [ "$round" = "$rounds" ] && break
  for _ in 1 2 3 4; do client & done
  wait "$pid" 2>/dev/null || true
  wait
done
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
pid=
echo "kill-loop: $rounds rounds, $acked jobs answered 201 before a kill -9, $lost lost, $(($(date +%s) - started)) s"
[ "$lost" = 0 ]
