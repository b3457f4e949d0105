/** Migration 8: apigatewayv2 VPC links (HTTP APIs' private integrations), one JSON row each, in creation order. */
export const SCHEMA_V8 = `
CREATE TABLE v2_vpc_links (
  seq  INTEGER PRIMARY KEY AUTOINCREMENT,
  id   TEXT NOT NULL UNIQUE,
  json TEXT NOT NULL
) STRICT;
`
