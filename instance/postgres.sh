#!/usr/bin/env bash
# A private PostgreSQL cluster for RelStorage, bound to 127.0.0.1, under var/postgres.
# Usage: instance/postgres.sh start|stop|dsn|status
# Needs Debian's postgresql package (initdb, pg_ctl). Runs the server as the
# "postgres" system user when started as root (initdb refuses root).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
PGPORT=${KP_PG_PORT:-54329}
PGDATA=${KP_PG_DATA:-$here/var/postgres}
PGDB=${KP_PG_DB:-kuntaportaali}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bindir" ]; then
  echo "PostgreSQL server binaries not found: apt-get install postgresql" >&2
  exit 2
fi
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
dsn() {
  echo "host=127.0.0.1 port=$PGPORT dbname=$PGDB user=postgres"
}
case "${1:-}" in
  start)
    if [ ! -s "$PGDATA/PG_VERSION" ]; then
      mkdir -p "$PGDATA"
      [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA"
      chmod 700 "$PGDATA"
      as_pg "$bindir/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 \
        --locale=C.UTF-8 >/dev/null
    fi
    if ! as_pg "$bindir/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
      as_pg "$bindir/pg_ctl" -D "$PGDATA" -w -l "$PGDATA/server.log" start \
        -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDATA -c max_connections=200" >/dev/null
    fi
    if ! as_pg "$bindir/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -Atc \
        "select 1 from pg_database where datname='$PGDB'" postgres | grep -q 1; then
      as_pg "$bindir/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres "$PGDB"
    fi
    dsn
    ;;
  stop)
    as_pg "$bindir/pg_ctl" -D "$PGDATA" -w stop -m fast >/dev/null 2>&1 || true
    ;;
  status)
    as_pg "$bindir/pg_ctl" -D "$PGDATA" status
    ;;
  dsn)
    dsn
    ;;
  *)
    echo "usage: $0 start|stop|status|dsn" >&2
    exit 2
    ;;
esac
