#!/usr/bin/env bash
# Times every request a console page makes (curl, loopback, 5 runs each, the slowest kept).
set -euo pipefail
log=${1:?usage: scripts/console-timings.sh DEMO_LOG (the output of terafleet demo --console)}
base=$(grep -o 'console: http://[^ ]*' "$log" | head -1 | sed 's|console: ||; s|/console||')
owner=$(grep -o 'key=tfo-[0-9a-f]*' "$log" | head -1 | cut -d= -f2)
customer=$(grep -o 'customer: .*key=sk-tf-[0-9a-f]*' "$log" | head -1 | sed 's|.*key=||')
operator=$(grep -o 'key=op-tf-[0-9a-f]*' "$log" | head -1 | cut -d= -f2)
t() { local key=$1 path=$2 worst=0; for i in 1 2 3 4 5; do
  s=$(curl -s -o /dev/null -w '%{time_total}' --compressed ${key:+-H "Authorization: Bearer $key"} "$base$path")
  worst=$(python3 -c "print(max($worst, $s))"); done; printf '%-45s %6.1f ms\n' "$path" "$(python3 -c "print($worst*1000)")"; }
echo "== files"; for f in /console /console/console.css /console/console.js /console/charts.js /console/owner.js /console/customer.js /console/operator.js /console/echarts.js; do t "" $f; done
echo "== owner"; for p in /v1/console/whoami /v1/console/live /v1/owners/demo-owner/statement /v1/owners/demo-owner/cars; do t "$owner" $p; done
echo "== customer"; for p in /v1/console/whoami /v1/console/live "/v1/batches?limit=20" /v1/keys "/v1/usage?customer=default"; do t "$customer" "$p"; done
echo "== operator"; for p in /v1/console/whoami /v1/console/live /v1/owners; do t "$operator" $p; done
