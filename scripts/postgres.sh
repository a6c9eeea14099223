#!/usr/bin/env bash
# PostgreSQL for the tests.  `postgres.sh ready` exits 0 when a server answers;
# `postgres.sh ensure` starts one when none does: the machine's own cluster if it has one,
# else a throwaway cluster under target/ (installing the server from Debian's packages as a
# last resort), listening on $TERAFLEET_PG_HOST:$TERAFLEET_PG_PORT with trust auth.
set -euo pipefail
host=${TERAFLEET_PG_HOST:-127.0.0.1}
port=${TERAFLEET_PG_PORT:-5432}
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)

ready() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$host" -p "$port" -U postgres -t 3
  else
    (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
  fi
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

start_machine_cluster() {
  command -v pg_lsclusters >/dev/null 2>&1 || return 1
  local ver name
  read -r ver name _ < <(pg_lsclusters -h | awk -v p="$port" '$3 == p {print $1, $2}') || return 1
  [ -n "${ver:-}" ] || return 1
  echo "postgres.sh: starting the machine's cluster $ver/$name" >&2
  pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start
}

start_private_cluster() {
  local bin; bin=$(pg_bin)
  if [ -z "$bin" ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "postgres.sh: installing PostgreSQL from Debian's packages" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    start_machine_cluster && return 0
    bin=$(pg_bin)
  fi
  [ -n "$bin" ] || { echo "postgres.sh: no PostgreSQL server binaries found" >&2; return 1; }
  local dir="$root/target/pgdata" run_as=()
  if [ "$(id -u)" = 0 ]; then id postgres >/dev/null 2>&1 || useradd -r postgres; run_as=(runuser -u postgres --); fi
  rm -rf "$dir"; mkdir -p "$dir"; [ "$(id -u)" = 0 ] && chown postgres "$dir"
  "${run_as[@]}" "$bin/initdb" -D "$dir" -U postgres -A trust >/dev/null
  "${run_as[@]}" "$bin/pg_ctl" -D "$dir" -o "-h $host -p $port -k /tmp" -l "$dir/server.log" -w start >/dev/null
}

case "${1:-ready}" in
  ready) ready ;;
  ensure)
    ready && exit 0
    start_machine_cluster || true
    for _ in $(seq 1 20); do ready && exit 0; sleep 0.5; done
    start_private_cluster
    for _ in $(seq 1 40); do ready && exit 0; sleep 0.5; done
    echo "postgres.sh: PostgreSQL did not come up on $host:$port" >&2; exit 1 ;;
  *) echo "usage: postgres.sh ready|ensure" >&2; exit 2 ;;
esac
