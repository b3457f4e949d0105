import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import type { RestApiDefinition, Method } from '../../src/model/index.ts'
import { importOpenApi, type ImportOptions } from '../../src/openapi/index.ts'

const ROOT = new URL('../../', import.meta.url)

/** Text of a file under `test/fixtures/openapi/` (or any repo-relative path starting with `examples/`). */
export function fixture(name: string): string {
  const path = name.startsWith('examples/') ? name : `test/fixtures/openapi/${name}`
  return readFileSync(new URL(path, ROOT), 'utf8')
}

export function importOk(text: string, options?: ImportOptions): { definition: RestApiDefinition; warnings: string[] } {
  const result = importOpenApi(text, options)
  if (!result.ok) assert.fail(`import failed:\n${JSON.stringify(result.errors, null, 2)}`)
  return result
}

export function resource(def: RestApiDefinition, path: string) {
  const r = def.resources.find((x) => x.path === path)
  assert.ok(r, `no resource ${path}`)
  return r
}

export function method(def: RestApiDefinition, path: string, verb: string): Method {
  const m = resource(def, path).resourceMethods?.[verb]
  assert.ok(m, `no method ${verb} ${path}`)
  return m
}

/**
 * A definition with every generated value replaced by what it stands for: resource ids by paths,
 * authorizer/validator ids by names, the API id inside model URLs by `{apiId}`; no creation
 * date or warnings. Two imports of the same API normalize to the same value.
 */
export function normalize(def: RestApiDefinition): unknown {
  const pathOf = new Map(def.resources.map((r) => [r.id, r.path]))
  const authorizer = new Map(def.authorizers.map((a) => [a.id, a.name]))
  const validator = new Map(def.requestValidators.map((v) => [v.id, v.name ?? v.id]))
  const { id: _id, createdDate: _c, rootResourceId, warnings: _w, ...restApi } = def.restApi
  const byKey = <T>(key: (t: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)
  const out = {
    restApi: { ...restApi, root: pathOf.get(rootResourceId) },
    resources: [...def.resources].sort(byKey((r) => r.path)).map((r) => ({
      path: r.path,
      pathPart: r.pathPart,
      parent: r.parentId && pathOf.get(r.parentId),
      methods: Object.fromEntries(
        Object.entries(r.resourceMethods ?? {}).map(([verb, m]) => [
          verb,
          {
            ...m,
            authorizerId: m.authorizerId && authorizer.get(m.authorizerId),
            requestValidatorId: m.requestValidatorId && validator.get(m.requestValidatorId),
          },
        ]),
      ),
    })),
    models: [...def.models].sort(byKey((m) => m.name)).map(({ id: _, ...m }) => m),
    requestValidators: [...def.requestValidators].sort(byKey((v) => v.name ?? '')).map(({ id: _, ...v }) => v),
    gatewayResponses: [...def.gatewayResponses].sort(byKey((g) => g.responseType)),
    authorizers: [...def.authorizers].sort(byKey((a) => a.name)).map(({ id: _, ...a }) => a),
  }
  return JSON.parse(JSON.stringify(out).split(`/restapis/${def.restApi.id}/`).join('/restapis/{apiId}/'))
}
