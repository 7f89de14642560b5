-- The roles and the database, run once on the primary as postgres:
--   psql -v samverkan_password=… -v replicator_password=… -f deploy/postgresql-roles.sql
-- (the replica gets them through replication). tests/deploy/test_replica.py runs it.

-- The app servers and the command line: owns the database, so `samverkan` creates and
-- migrates its tables on the first start.
CREATE ROLE samverkan LOGIN PASSWORD :'samverkan_password';
CREATE DATABASE samverkan OWNER samverkan ENCODING 'UTF8' TEMPLATE template0;

-- The replica's connection: may read the replication stream and nothing else.
CREATE ROLE replicator REPLICATION LOGIN PASSWORD :'replicator_password';

-- The replica's slot: the primary keeps the WAL the replica has not read yet, however long
-- it was away (watch pg_replication_slots; drop the slot if the replica is gone for good).
SELECT pg_create_physical_replication_slot('samverkan_replica');
