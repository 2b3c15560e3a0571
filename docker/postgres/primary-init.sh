#!/usr/bin/env bash
# Runs once, from /docker-entrypoint-initdb.d, when the primary's data directory is first initialised
# (the official image runs init scripts only on an empty volume). Creates the streaming-replication role and a
# physical replication slot for the replica, and lets that role connect for replication from the compose network.
set -Eeuo pipefail

: "${POSTGRES_REPLICATION_USER:?POSTGRES_REPLICATION_USER must be set}"
: "${POSTGRES_REPLICATION_PASSWORD:?POSTGRES_REPLICATION_PASSWORD must be set}"
slot="${POSTGRES_REPLICATION_SLOT:-pulse_replica}"

# psql variables (:'name') quote the values, so passwords with quotes or spaces are safe.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v repl_user="$POSTGRES_REPLICATION_USER" -v repl_password="$POSTGRES_REPLICATION_PASSWORD" -v slot="$slot" <<'SQL'
SELECT format('CREATE ROLE %I WITH REPLICATION LOGIN PASSWORD %L', :'repl_user', :'repl_password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'repl_user') \gexec
SELECT pg_create_physical_replication_slot(:'slot')
WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = :'slot');
SQL

# The image's default pg_hba.conf ends with "host all all all scram-sha-256", which does not cover
# replication connections; allow the replication role (password-checked) from any address of the network.
echo "host replication ${POSTGRES_REPLICATION_USER} all scram-sha-256" >> "$PGDATA/pg_hba.conf"
echo "primary-init: replication role ${POSTGRES_REPLICATION_USER} and slot ${slot} ready"
