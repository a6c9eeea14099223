#!/usr/bin/env bash
# Runs the shaded jar as a user runs it, after the build made it (the cli module's integration-test phase, so
# ./run-tests and CI): `--version` names the version and commit; `coordinator` logs both first and serves them at
# /v1/health; `demo` at a small size runs a coordinator and a car that enrolls with its key, computes and signs its
# completions, all from classes the jar holds (two copies of a library in it break exactly these paths).
# Leaves nothing in the temp folder. Usage: scripts/jar-check.sh [JAR] (default cli/target/terafleet.jar).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
jar=${1:-$root/cli/target/terafleet.jar}
. "$root/scripts/find-jdk.sh"
java="$(find_jdk)/bin/java"
[ -f "$jar" ] || { echo "jar-check: $jar missing; build it with ./mvnw -q -B -ntp package -DskipTests" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/terafleet-jar-check-XXXXXX")
pid=
cleanup() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; fi; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
run() { "$java" --enable-native-access=ALL-UNNAMED -Djava.io.tmpdir="$work/tmp" -jar "$jar" "$@"; }
fail() { echo "jar-check: $*" >&2; exit 1; }
mkdir -p "$work/tmp"
started=$(date +%s)

version=$(run --version | head -1)
[[ $version =~ ^terafleet\ [0-9][^\ ]*\ \(commit\ [0-9a-f]{7}(-dirty)?\)$ ]] || fail "--version printed: $version"
echo "jar-check: $version"

# Started directly (not through run), so that $! is the JVM itself and the kill below reaches it.
"$java" --enable-native-access=ALL-UNNAMED -Djava.io.tmpdir="$work/tmp" -jar "$jar" coordinator --port 0 \
  --data-dir "$work/store" --enrollment-token jar-check-token-0001 >"$work/coordinator.log" 2>&1 &
pid=$!
uri=
for _ in $(seq 1 600); do
  uri=$(sed -n 's/^coordinator listening on \(http[^ ]*\) .*/\1/p' "$work/coordinator.log")
  [ -n "$uri" ] && break
  kill -0 "$pid" 2>/dev/null || fail "the coordinator stopped: $(cat "$work/coordinator.log")"
  sleep 0.1
done
[ -n "$uri" ] || fail "the coordinator did not listen within 60 s: $(cat "$work/coordinator.log")"
[ "$(head -1 "$work/coordinator.log")" = "${version/terafleet/terafleet coordinator}" ] ||
  fail "the coordinator's first line is not its version and commit: $(head -1 "$work/coordinator.log")"
health=$(curl -sf "$uri/v1/health") || fail "GET $uri/v1/health failed"
[[ $health == *"\"commit\":\"$(sed 's/.*(commit \([^)]*\)).*/\1/' <<<"$version")\""* ]] || fail "/v1/health: $health"
kill "$pid" && wait "$pid" 2>/dev/null || true
pid=

run demo --cars 1 --sentences 24 --unit-size 8 --out "$work/demo.jsonl" >"$work/demo.log" 2>&1 ||
  fail "demo failed: $(tail -40 "$work/demo.log")"
lines=$(wc -l <"$work/demo.jsonl")
[ "$lines" = 24 ] || fail "demo wrote $lines results, not 24: $(tail -40 "$work/demo.log")"
left=$(ls -A "$work/tmp")
[ -z "$left" ] || fail "the demo left in its temp folder: $left"
echo "jar-check: coordinator, /v1/health and a 1-car demo (24 signed results) ran from $jar in $(($(date +%s) - started)) s"
