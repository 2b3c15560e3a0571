#!/usr/bin/env bash
# Entrypoint of the streaming replica. On an empty data directory it clones the primary with
# `pg_basebackup -R` (which writes standby.signal and primary_conninfo), then hands over to the official
# image's entrypoint, which finds an initialised directory and simply starts PostgreSQL as a hot standby.
# Later starts skip the clone and resume streaming from where the replica stopped.
set -Eeuo pipefail

PGDATA="${PGDATA:-/var/lib/postgresql/data}"
export PGDATA

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  exec gosu postgres bash "${BASH_SOURCE[0]}" "$@"
fi

: "${PRIMARY_HOST:?PRIMARY_HOST must be set}"
PRIMARY_PORT="${PRIMARY_PORT:-5432}"
: "${POSTGRES_REPLICATION_USER:?POSTGRES_REPLICATION_USER must be set}"
: "${POSTGRES_REPLICATION_PASSWORD:?POSTGRES_REPLICATION_PASSWORD must be set}"
slot="${POSTGRES_REPLICATION_SLOT:-pulse_replica}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -n "$(ls -A "$PGDATA")" ]; then
    echo "replica-entrypoint: $PGDATA is not empty but holds no cluster; empty the volume to re-clone the primary" >&2
    exit 1
  fi
  echo "replica-entrypoint: waiting for the primary at ${PRIMARY_HOST}:${PRIMARY_PORT}"
  until pg_isready -q -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U "$POSTGRES_REPLICATION_USER"; do sleep 2; done
  echo "replica-entrypoint: cloning the primary (pg_basebackup -R, slot ${slot})"
  # The password reaches pg_basebackup through the environment only; -R writes it into primary_conninfo
  # (postgresql.auto.conf, inside the replica's private data directory) so streaming can reconnect.
  PGPASSWORD="$POSTGRES_REPLICATION_PASSWORD" pg_basebackup \
    --host="$PRIMARY_HOST" --port="$PRIMARY_PORT" --username="$POSTGRES_REPLICATION_USER" \
    --pgdata="$PGDATA" --wal-method=stream --slot="$slot" --write-recovery-conf \
    --checkpoint=fast --no-password
  chmod 700 "$PGDATA"
  echo "replica-entrypoint: clone complete; starting as a hot standby"
fi

exec docker-entrypoint.sh "$@"
