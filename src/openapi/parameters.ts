import type { ImportContext } from './context.ts'
import { resolveRef } from './context.ts'
import { isObject, type JsonObject } from './json.ts'
import { child } from './problems.ts'

const LOCATIONS: Record<string, string> = { path: 'path', query: 'querystring', header: 'header' }

/** A method's declared inputs: `method.request.*` parameters and, in Swagger 2, the body schema. */
export interface MethodInputs {
  requestParameters: Record<string, boolean>
  body?: { schema: unknown; pointer: string }
}

/**
 * Path-level and operation-level `parameters` (the operation's win on the same name and place)
 * → `method.request.{path|querystring|header}.<name>: required`. Path parameters are always
 * required and must be variables of the path.
 */
export function importParameters(
  ctx: ImportContext,
  pathItem: JsonObject,
  operation: JsonObject,
  path: string,
  variables: readonly string[],
  pathAt: string,
  opAt: string,
): MethodInputs {
  const declared = new Map<string, { param: JsonObject; at: string }>()
  for (const [list, at] of [
    [pathItem.parameters, child(pathAt, 'parameters')],
    [operation.parameters, child(opAt, 'parameters')],
  ] as const) {
    if (list === undefined) continue
    if (!Array.isArray(list)) {
      ctx.problems.error(at, 'parameters must be an array')
      continue
    }
    const seen = new Set<string>()
    list.forEach((raw, i) => {
      const resolved = resolveRef(ctx, raw, child(at, i))
      if (!resolved) return
      const param = resolved.value
      const pat = child(at, i)
      if (!isObject(param) || typeof param.name !== 'string' || typeof param.in !== 'string') {
        ctx.problems.error(pat, 'A parameter needs a string name and in')
        return
      }
      const key = `${param.in}:${param.name}`
      if (seen.has(key)) ctx.problems.error(pat, `Duplicate parameter: ${param.in} '${param.name}'`)
      seen.add(key)
      declared.set(key, { param, at: pat })
    })
  }

  const inputs: MethodInputs = { requestParameters: {} }
  for (const { param, at } of declared.values()) {
    const name = param.name as string
    const where = param.in as string
    if (where === 'path' && !variables.includes(name)) {
      ctx.problems.error(at, `Path parameter '${name}' is not a variable of the path ${path}`)
    } else if (where === 'body' && ctx.version === 'swagger2') {
      if (param.schema === undefined) ctx.problems.error(at, 'A body parameter needs a schema')
      else inputs.body = { schema: param.schema, pointer: child(at, 'schema') }
    } else if (LOCATIONS[where]) {
      inputs.requestParameters[`method.request.${LOCATIONS[where]}.${name}`] = where === 'path' || param.required === true
    } else if (where === 'cookie' || where === 'formData') {
      ctx.problems.warn(at, `${where} parameters are not supported by API Gateway; '${name}' was ignored`)
    } else {
      ctx.problems.error(child(at, 'in'), `Invalid parameter location: ${where}`)
    }
  }
  return inputs
}
