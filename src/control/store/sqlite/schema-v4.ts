/**
 * Migration 4: an HTTP API's parts. Its routes, integrations, authorizers, models and responses
 * are kept as one JSON object (`V2ApiContent`) beside the API's own: the contract reads and
 * writes a definition whole, and no query looks inside them. NULL for REST APIs (their parts
 * have their own tables) and for APIs written before this migration (no parts yet).
 */
export const SCHEMA_V4 = `
ALTER TABLE rest_apis ADD COLUMN content TEXT;
`
