#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server (Debian's postgresql package) on loopback:
# a new cluster in a temp folder, SCRAM passwords over TCP, fsync off (a test server), removed
# afterwards. The command gets INVITE_DESK_TEST_PG, a libpq connection string for its admin role.
# The team-mode tests (tests/team.rs) need it and fail without it.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "PostgreSQL is missing: run bash scripts/setup.sh (it installs Debian's postgresql)." >&2
  exit 1
fi
dir=$(mktemp -d -t invite-desk-pg.XXXXXX)
chmod 755 "$dir"
pw=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
printf '%s\n' "$pw" >"$dir/pw"
if [ "$(id -u)" -eq 0 ]; then chown -R postgres "$dir"; fi
as_pg "$bin/initdb" -D "$dir/data" -U invite_desk_admin --pwfile="$dir/pw" \
  --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c max_connections=300" \
  start >/dev/null
stop() {
  if ! as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1; then
    echo "note: the test PostgreSQL server had already stopped" >&2
  fi
  rm -rf "$dir"
}
trap stop EXIT
export INVITE_DESK_TEST_PG="host=127.0.0.1 port=$port user=invite_desk_admin password=$pw dbname=postgres"
"$@"
