# A throwaway PostgreSQL cluster for the broker's replica tests: initdb in
# a temporary folder, owned by an unprivileged user (PostgreSQL refuses to
# run as root), listening on 127.0.0.1 only, fsync off. Exports
# FORTNOX_TEST_POSTGRES_URL; stop_postgres removes every trace.

pg_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
  [ -n "$dir" ] && [ -x "$dir/initdb" ] || die "PostgreSQL is not installed (scripts/setup.sh installs it)"
  printf '%s\n' "$dir"
}

# Runs a command as the cluster's owner.
as_pg_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# A port nothing on 127.0.0.1 answers on.
free_tcp_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      printf '%s\n' "$port"
      return 0
    fi
  done
  die "no free port for the test PostgreSQL"
}

start_postgres() {
  local bin port
  bin="$(pg_bin)"
  PG_SCRATCH="$(mktemp -d /tmp/fortnox-pg.XXXXXX)"
  [ "$(id -u)" -eq 0 ] && chown postgres "$PG_SCRATCH"
  as_pg_owner "$bin/initdb" -D "$PG_SCRATCH/data" -A trust -U fortnox --no-sync >/dev/null
  port="$(free_tcp_port)"
  as_pg_owner "$bin/pg_ctl" -D "$PG_SCRATCH/data" -l "$PG_SCRATCH/server.log" -w \
    -o "-p $port -k $PG_SCRATCH -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null ||
    { cat "$PG_SCRATCH/server.log" >&2; die "the test PostgreSQL did not start"; }
  export FORTNOX_TEST_POSTGRES_URL="postgres://fortnox@127.0.0.1:$port/postgres"
}

stop_postgres() {
  if [ -n "${PG_SCRATCH:-}" ] && [ -d "$PG_SCRATCH/data" ]; then
    as_pg_owner "$(pg_bin)/pg_ctl" -D "$PG_SCRATCH/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_SCRATCH"
  fi
}
