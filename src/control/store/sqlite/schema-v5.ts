/**
 * Migration 5: certificates (Portico's ACM, private keys sealed like API key values), custom
 * domain names (each row the domain with its base path mappings and truststore), and the sealed
 * private key of each generated client certificate (rows from before have none: a stage naming
 * such a certificate presents nothing to its backends).
 */
export const SCHEMA_V5 = `
CREATE TABLE certificates (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  arn         TEXT NOT NULL UNIQUE,
  json        TEXT NOT NULL,
  private_key TEXT NOT NULL
) STRICT;

CREATE TABLE domain_names (
  seq  INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  json TEXT NOT NULL
) STRICT;

ALTER TABLE client_certificates ADD COLUMN private_key TEXT;
`
