#!/usr/bin/env bash
# Fleet throughput against direct in-process inference, same model, same sentences, same
# batching. Runs alternate (direct, fleet, direct, fleet, ...) so that drift in the machine's
# speed hits both alike. Usage: bench/fleet-vs-direct.sh [pairs] [sentences] [cars]
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-3} sentences=${2:-2000} cars=${3:-4}
./terafleet --version >/dev/null   # builds the jar if needed, outside the measurement
for i in $(seq 1 "$pairs"); do
  direct=$(./terafleet bench --sentences "$sentences" --workers "$cars" --rounds 1 2>/dev/null |
    sed -n 's/^round 1: .*, \([0-9]*\) sentences\/s$/\1/p')
  fleet=$(./terafleet demo --sentences "$sentences" --cars "$cars" --out target/bench-demo-results.jsonl 2>/dev/null |
    sed -n 's/^throughput *\([0-9]*\) sentences\/s.*/\1/p')
  awk -v i="$i" -v d="$direct" -v f="$fleet" 'BEGIN { printf "pair %d: direct %d/s, fleet %d/s, fleet/direct %.2f\n", i, d, f, f / d }'
done
