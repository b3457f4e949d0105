import { newId } from '../lib/ids.ts'
import type { RestApiDefinition } from '../model/index.ts'
import { isObject, type JsonObject } from './json.ts'
import type { Problems } from './problems.ts'

export type SpecVersion = 'swagger2' | 'oas3'

/** Where new entities get their ids: reused from the API being updated, else fresh. */
export interface IdSource {
  resource(path: string): string
  model(name: string): string
  validator(name: string): string
  authorizer(name: string): string
}

/** What every import step reads; built once per import, never changed afterwards. */
export interface ImportContext {
  readonly doc: JsonObject
  readonly version: SpecVersion
  readonly apiId: string
  readonly problems: Problems
  readonly ids: IdSource
  /** the API being updated, for `mode: 'merge'` look-ups (models a method may reference) */
  readonly existing?: RestApiDefinition
}

export function idSource(existing: RestApiDefinition | undefined): IdSource {
  const resources = new Map(existing?.resources.map((r) => [r.path, r.id]))
  const models = new Map(existing?.models.map((m) => [m.name, m.id]))
  const validators = new Map(existing?.requestValidators.map((v) => [v.name ?? v.id, v.id]))
  const authorizers = new Map(existing?.authorizers.map((a) => [a.name, a.id]))
  const pick = (known: Map<string, string>) =>
    function id(key: string): string {
      let id = known.get(key)
      if (id === undefined) known.set(key, (id = newId()))
      return id
    }
  return {
    resource: pick(resources),
    model: pick(models),
    validator: pick(validators),
    authorizer: pick(authorizers),
  }
}

/**
 * Follows local `$ref`s (`#/parameters/x`, `#/components/requestBodies/y`, …) to the value they
 * name; reports a reference that leads nowhere and answers undefined.
 */
export function resolveRef(ctx: ImportContext, value: unknown, pointer: string): { value: unknown; pointer: string } | undefined {
  let current = value
  let at = pointer
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops++) {
    const ref = current.$ref
    const target = hops < 20 && ref.startsWith('#/') ? lookup(ctx.doc, ref.slice(1)) : undefined
    if (target === undefined) {
      ctx.problems.error(`${at}/$ref`, `Unresolvable reference: ${ref}`)
      return undefined
    }
    current = target
    at = ref.slice(1)
  }
  return { value: current, pointer: at }
}

/** The value an RFC 6901 pointer (`/components/schemas/Pet`) names in `doc`, or undefined. */
export function lookup(doc: unknown, pointer: string): unknown {
  let node = doc
  for (const raw of pointer.split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')
    if (!isObject(node) && !Array.isArray(node)) return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return node
}
