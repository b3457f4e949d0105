import type { MethodResponse } from '../model/index.ts'
import { resolveRef, type ImportContext } from './context.ts'
import { compact, entries, isObject, nonEmpty, type JsonObject } from './json.ts'
import type { ModelRegistry } from './models.ts'
import { child } from './problems.ts'

/**
 * An operation's `responses` → method responses: each header becomes
 * `method.response.header.<name>: false`, each body schema a response model per content type.
 */
export function importMethodResponses(
  ctx: ImportContext,
  registry: ModelRegistry,
  operation: JsonObject,
  at: string,
): Record<string, MethodResponse> | undefined {
  const raw = operation.responses
  const rat = child(at, 'responses')
  if (raw === undefined) return undefined
  if (!isObject(raw)) {
    ctx.problems.error(rat, 'responses must be an object keyed by status code')
    return undefined
  }
  const out: Record<string, MethodResponse> = {}
  for (const [status, value] of entries(raw)) {
    const sat = child(rat, status)
    if (!/^[1-5]\d\d$/.test(status)) {
      if (!status.startsWith('x-')) ctx.problems.warn(sat, `Response '${status}' is not a status code; API Gateway has no equivalent and it was ignored`)
      continue
    }
    const resolved = resolveRef(ctx, value, sat)
    if (!resolved) continue
    const response = resolved.value
    if (!isObject(response)) {
      ctx.problems.error(sat, 'A response must be an object')
      continue
    }
    const responseParameters: Record<string, boolean> = {}
    for (const [header, spec] of entries(response.headers)) {
      // OpenAPI 3 headers may say `required`; Swagger 2 headers cannot, and AWS imports them as optional
      responseParameters[`method.response.header.${header}`] = isObject(spec) && spec.required === true
    }
    out[status] = compact<MethodResponse>({
      statusCode: status,
      responseParameters: nonEmpty(responseParameters),
      responseModels: responseModels(ctx, registry, operation, response, resolved.pointer),
    })
  }
  return nonEmpty(out)
}

function responseModels(
  ctx: ImportContext,
  registry: ModelRegistry,
  operation: JsonObject,
  response: JsonObject,
  at: string,
): Record<string, string> | undefined {
  const models: Record<string, string> = {}
  if (ctx.version === 'swagger2') {
    if (response.schema !== undefined) {
      const name = registry.modelFor(response.schema, child(at, 'schema'))
      if (name) for (const type of mediaTypes(operation.produces ?? ctx.doc.produces)) models[type] = name
    }
  } else {
    for (const [type, media] of entries(response.content)) {
      if (!isObject(media) || media.schema === undefined) continue
      const name = registry.modelFor(media.schema, child(at, 'content', type, 'schema'))
      if (name) models[type] = name
    }
  }
  return nonEmpty(models)
}

/** Swagger 2 `consumes`/`produces`, defaulting as AWS does to `application/json`. */
export function mediaTypes(list: unknown): string[] {
  return Array.isArray(list) && list.length > 0 ? list.filter((t): t is string => typeof t === 'string') : ['application/json']
}
