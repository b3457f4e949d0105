import type {
  RestApiDefinition,
  Authorizer,
  DocumentationPart,
  DocumentationVersion,
  GatewayResponse,
  Method,
  Model,
  RequestValidator,
  Resource,
  RestApi,
} from '../../../model/index.ts'
import type { StatementCache } from './statement-cache.ts'

/**
 * Splits a REST API's definition into its child rows and puts it back together. Callers own the
 * transaction; these functions only read and write rows.
 */

interface ResourceRow {
  id: string
  parent_id: string | null
  path_part: string | null
  path: string
}

interface MethodRow {
  resource_id: string
  http_method: string
  json: string
}

/** the parts kept as one JSON object per row, in the definition's order */
const PARTS = [
  { table: 'models', key: 'id', pick: (d: RestApiDefinition) => d.models.map((m) => [m.id, m] as const) },
  {
    table: 'request_validators',
    key: 'id',
    pick: (d: RestApiDefinition) => d.requestValidators.map((v) => [v.id, v] as const),
  },
  {
    table: 'gateway_responses',
    key: 'response_type',
    pick: (d: RestApiDefinition) => d.gatewayResponses.map((r) => [r.responseType, r] as const),
  },
  { table: 'authorizers', key: 'id', pick: (d: RestApiDefinition) => d.authorizers.map((a) => [a.id, a] as const) },
  {
    table: 'documentation_parts',
    key: 'id',
    pick: (d: RestApiDefinition) => (d.documentationParts ?? []).map((p) => [p.id, p] as const),
  },
  {
    table: 'documentation_versions',
    key: 'version',
    pick: (d: RestApiDefinition) => (d.documentationVersions ?? []).map((v) => [v.version, v] as const),
  },
] as const

/** methods first: they hang off resources */
const CHILD_TABLES = ['methods', 'resources', ...PARTS.map((p) => p.table)]

/** Replaces every child row of `definition.restApi.id` with the definition's. */
export function replaceChildRows(sql: StatementCache, definition: RestApiDefinition): void {
  const apiId = definition.restApi.id
  for (const table of CHILD_TABLES) sql.get(`DELETE FROM ${table} WHERE api_id = ?`).run(apiId)

  const insertResource = sql.get(
    'INSERT INTO resources (api_id, id, parent_id, path_part, path) VALUES (?, ?, ?, ?, ?)',
  )
  const insertMethod = sql.get(
    'INSERT INTO methods (api_id, resource_id, http_method, position, json) VALUES (?, ?, ?, ?, ?)',
  )
  for (const resource of definition.resources) {
    insertResource.run(apiId, resource.id, resource.parentId ?? null, resource.pathPart ?? null, resource.path)
    Object.entries(resource.resourceMethods ?? {}).forEach(([verb, method], position) => {
      insertMethod.run(apiId, resource.id, verb, position, JSON.stringify(method))
    })
  }

  for (const part of PARTS) {
    const insert = sql.get(`INSERT INTO ${part.table} (api_id, ${part.key}, position, json) VALUES (?, ?, ?, ?)`)
    part.pick(definition).forEach(([key, value], position) => {
      insert.run(apiId, key, position, JSON.stringify(value))
    })
  }
}

/** Reassembles the definition around `restApi`; resources by path, root first. */
export function readDefinition(sql: StatementCache, restApi: RestApi): RestApiDefinition {
  const apiId = restApi.id
  const methods = new Map<string, Record<string, Method>>()
  const methodRows = sql
    .get<[string], MethodRow>(
      'SELECT resource_id, http_method, json FROM methods WHERE api_id = ? ORDER BY resource_id, position',
    )
    .all(apiId)
  for (const row of methodRows) {
    let byVerb = methods.get(row.resource_id)
    if (byVerb === undefined) methods.set(row.resource_id, (byVerb = {}))
    byVerb[row.http_method] = JSON.parse(row.json) as Method
  }

  const resources = sql
    .get<[string], ResourceRow>(
      'SELECT id, parent_id, path_part, path FROM resources WHERE api_id = ? ORDER BY parent_id IS NOT NULL, path, id',
    )
    .all(apiId)
    .map((row) => toResource(row, methods.get(row.id)))

  const documentationParts = readPart<DocumentationPart>(sql, 'documentation_parts', apiId)
  const documentationVersions = readPart<DocumentationVersion>(sql, 'documentation_versions', apiId)
  return {
    protocol: 'REST',
    restApi,
    resources,
    models: readPart<Model>(sql, 'models', apiId),
    requestValidators: readPart<RequestValidator>(sql, 'request_validators', apiId),
    gatewayResponses: readPart<GatewayResponse>(sql, 'gateway_responses', apiId),
    authorizers: readPart<Authorizer>(sql, 'authorizers', apiId),
    // absent when empty: a definition saved without documentation reads back as it was written
    ...(documentationParts.length > 0 && { documentationParts }),
    ...(documentationVersions.length > 0 && { documentationVersions }),
  }
}

function toResource(row: ResourceRow, methods: Record<string, Method> | undefined): Resource {
  // AWS's key order, so a stored resource prints like GetResource's answer
  return {
    id: row.id,
    ...(row.parent_id !== null ? { parentId: row.parent_id } : {}),
    ...(row.path_part !== null ? { pathPart: row.path_part } : {}),
    path: row.path,
    ...(methods !== undefined ? { resourceMethods: methods } : {}),
  }
}

function readPart<T>(sql: StatementCache, table: string, apiId: string): T[] {
  return sql
    .get<[string], string>(`SELECT json FROM ${table} WHERE api_id = ? ORDER BY position`)
    .pluck()
    .all(apiId)
    .map((json) => JSON.parse(json) as T)
}
