/** Migration 7: VPC links (v1), one JSON row each, in creation order. */
export const SCHEMA_V7 = `
CREATE TABLE vpc_links (
  seq  INTEGER PRIMARY KEY AUTOINCREMENT,
  id   TEXT NOT NULL UNIQUE,
  json TEXT NOT NULL
) STRICT;
`
