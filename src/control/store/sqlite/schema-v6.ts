/**
 * Migration 6: a REST API's documentation. Parts and versions are child rows of the API like its
 * models (one JSON object per row, in the definition's order); a version's row carries the parts
 * it snapshotted, so deleting parts later never changes a published version.
 */
export const SCHEMA_V6 = `
CREATE TABLE documentation_parts (
  api_id   TEXT NOT NULL REFERENCES rest_apis (id) ON DELETE CASCADE,
  id       TEXT NOT NULL,
  position INTEGER NOT NULL,
  json     TEXT NOT NULL,
  PRIMARY KEY (api_id, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE documentation_versions (
  api_id   TEXT NOT NULL REFERENCES rest_apis (id) ON DELETE CASCADE,
  version  TEXT NOT NULL,
  position INTEGER NOT NULL,
  json     TEXT NOT NULL,
  PRIMARY KEY (api_id, version)
) STRICT, WITHOUT ROWID;
`
