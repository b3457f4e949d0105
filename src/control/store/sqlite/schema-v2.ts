/**
 * Migration 2: the account-level resources and the audit trail.
 *
 * API keys keep their value in its own column, out of the JSON, so that encrypting it at rest
 * changes one column and the two statements that touch it. A key's memberships and usage go
 * with it, and a plan's with the plan (ON DELETE CASCADE). Usage is one row per plan, key and
 * UTC day; `remaining` is set only by UpdateUsage.
 */
export const SCHEMA_V2 = `
CREATE TABLE api_keys (
  seq   INTEGER PRIMARY KEY AUTOINCREMENT,
  id    TEXT NOT NULL UNIQUE,
  value TEXT NOT NULL UNIQUE,
  json  TEXT NOT NULL
) STRICT;

CREATE TABLE usage_plans (
  seq  INTEGER PRIMARY KEY AUTOINCREMENT,
  id   TEXT NOT NULL UNIQUE,
  json TEXT NOT NULL
) STRICT;

CREATE TABLE usage_plan_keys (
  seq     INTEGER PRIMARY KEY AUTOINCREMENT,
  plan_id TEXT NOT NULL REFERENCES usage_plans (id) ON DELETE CASCADE,
  key_id  TEXT NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
  UNIQUE (plan_id, key_id)
) STRICT;
CREATE INDEX usage_plan_keys_key ON usage_plan_keys (key_id);

CREATE TABLE usage_days (
  plan_id   TEXT NOT NULL REFERENCES usage_plans (id) ON DELETE CASCADE,
  key_id    TEXT NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
  day       TEXT NOT NULL,
  used      INTEGER NOT NULL DEFAULT 0 CHECK (used >= 0),
  remaining INTEGER CHECK (remaining >= 0),
  PRIMARY KEY (plan_id, key_id, day)
) STRICT, WITHOUT ROWID;

CREATE TABLE client_certificates (
  seq  INTEGER PRIMARY KEY AUTOINCREMENT,
  id   TEXT NOT NULL UNIQUE,
  json TEXT NOT NULL
) STRICT;

CREATE TABLE account (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  json TEXT NOT NULL
) STRICT;

CREATE TABLE audit_log (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  time          INTEGER NOT NULL,
  access_key_id TEXT NOT NULL,
  operation     TEXT NOT NULL,
  resource      TEXT NOT NULL,
  request_id    TEXT NOT NULL,
  parameters    TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_time ON audit_log (time);
`
