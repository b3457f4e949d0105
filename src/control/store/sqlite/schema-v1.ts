/**
 * Migration 1: the normalised configuration schema.
 *
 * Every child of a REST API carries `api_id` and disappears with it (ON DELETE CASCADE).
 * Objects are kept whole as JSON, with the columns the store queries or constrains on beside
 * them. `seq` columns record creation order (AUTOINCREMENT: never reused, unlike rowid, and
 * VACUUM keeps them); `position` keeps the definition's own order of its parts.
 */
export const SCHEMA_V1 = `
CREATE TABLE rest_apis (
  seq     INTEGER PRIMARY KEY AUTOINCREMENT,
  id      TEXT NOT NULL UNIQUE,
  version INTEGER NOT NULL CHECK (version > 0),
  json    TEXT NOT NULL
) STRICT;

CREATE TABLE resources (
  api_id    TEXT NOT NULL REFERENCES rest_apis (id) ON DELETE CASCADE,
  id        TEXT NOT NULL,
  parent_id TEXT,
  path_part TEXT,
  path      TEXT NOT NULL,
  PRIMARY KEY (api_id, id),
  -- deferred: a definition may list a child before its parent
  FOREIGN KEY (api_id, parent_id) REFERENCES resources (api_id, id) DEFERRABLE INITIALLY DEFERRED
) STRICT, WITHOUT ROWID;
CREATE INDEX resources_parent ON resources (api_id, parent_id);

CREATE TABLE methods (
  api_id      TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  http_method TEXT NOT NULL,
  position    INTEGER NOT NULL,
  json        TEXT NOT NULL,
  PRIMARY KEY (api_id, resource_id, http_method),
  FOREIGN KEY (api_id, resource_id) REFERENCES resources (api_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE models (
  api_id   TEXT NOT NULL REFERENCES rest_apis (id) ON DELETE CASCADE,
  id       TEXT NOT NULL,
  position INTEGER NOT NULL,
  json     TEXT NOT NULL,
  PRIMARY KEY (api_id, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE request_validators (
  api_id   TEXT NOT NULL REFERENCES rest_apis (id) ON DELETE CASCADE,
  id       TEXT NOT NULL,
  position INTEGER NOT NULL,
  json     TEXT NOT NULL,
  PRIMARY KEY (api_id, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE gateway_responses (
  api_id        TEXT NOT NULL REFERENCES rest_apis (id) ON DELETE CASCADE,
  response_type TEXT NOT NULL,
  position      INTEGER NOT NULL,
  json          TEXT NOT NULL,
  PRIMARY KEY (api_id, response_type)
) STRICT, WITHOUT ROWID;

CREATE TABLE authorizers (
  api_id   TEXT NOT NULL REFERENCES rest_apis (id) ON DELETE CASCADE,
  id       TEXT NOT NULL,
  position INTEGER NOT NULL,
  json     TEXT NOT NULL,
  PRIMARY KEY (api_id, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE deployments (
  seq      INTEGER PRIMARY KEY AUTOINCREMENT,
  api_id   TEXT NOT NULL REFERENCES rest_apis (id) ON DELETE CASCADE,
  id       TEXT NOT NULL,
  json     TEXT NOT NULL,
  snapshot TEXT NOT NULL,
  UNIQUE (api_id, id)
) STRICT;

CREATE TABLE stages (
  seq                  INTEGER PRIMARY KEY AUTOINCREMENT,
  api_id               TEXT NOT NULL REFERENCES rest_apis (id) ON DELETE CASCADE,
  stage_name           TEXT NOT NULL,
  deployment_id        TEXT NOT NULL,
  canary_deployment_id TEXT,
  json                 TEXT NOT NULL,
  UNIQUE (api_id, stage_name)
) STRICT;
`
