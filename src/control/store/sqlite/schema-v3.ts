/**
 * Migration 3: API key values encrypted at rest (api-key-cipher.ts). `value` now holds the sealed
 * value and `value_index` the HMAC of the plain value, unique, for lookups by value. Rows written
 * before this migration have no index yet: opening the store seals them (SqliteAccountTables),
 * in one transaction, since SQL alone cannot encrypt.
 */
export const SCHEMA_V3 = `
ALTER TABLE api_keys ADD COLUMN value_index TEXT;
CREATE UNIQUE INDEX api_keys_value_index ON api_keys (value_index);
`
