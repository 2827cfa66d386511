-- Shared diagnoses (/d/<id>) in PostgreSQL: the same rows as the embedded SQLite store (lib/snapshots/store.ts).
-- Times are milliseconds since the epoch, as the snapshot's takenAt/expiresAt; json is the snapshot as written.
CREATE TABLE snapshots (
  id text PRIMARY KEY,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  execution_arn text NOT NULL,
  json text NOT NULL
);
CREATE INDEX snapshots_expires_at ON snapshots (expires_at);

-- One row per sweep of expired snapshots: which replica swept, when, and how many went. A replica sweeps
-- only when no sweep ran within the last hour, under an advisory lock (docs/replicas.md).
CREATE TABLE snapshot_sweeps (
  swept_at bigint NOT NULL,
  replica text NOT NULL,
  removed integer NOT NULL
);
CREATE INDEX snapshot_sweeps_swept_at ON snapshot_sweeps (swept_at);
