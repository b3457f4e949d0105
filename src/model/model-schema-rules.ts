import { nestsDeeperThan } from '../lib/json-depth.ts'

/**
 * What a model schema must be for Portico to compile and validate with it, beyond being JSON
 * schema draft 4: nested at most MODEL_SCHEMA_MAX_DEPTH levels, and free of reference cycles
 * that never reach into the data. AWS's own limits here are not documented; these are ours
 * (docs/compatibility.md). The checks walk without recursion: the schemas are user input.
 */

/** JSON nesting depth (objects and arrays) a model schema may have. */
export const MODEL_SCHEMA_MAX_DEPTH = 128

/** The detail for a schema deeper than MODEL_SCHEMA_MAX_DEPTH. */
export const SCHEMA_TOO_DEEP = `the schema nests more than ${MODEL_SCHEMA_MAX_DEPTH} levels deep`

/** The detail when models are each within the limit, but their references chain too deeply to compile. */
export const REFERENCES_TOO_DEEP = 'the models it references, and theirs in turn, nest too deeply to be compiled'

export function schemaTooDeep(schema: unknown): boolean {
  return nestsDeeperThan(schema, MODEL_SCHEMA_MAX_DEPTH)
}

export interface ParsedModel {
  name: string
  /** the parsed schema; anything but an object is skipped */
  schema: unknown
}

/**
 * The first model of `models` (schemas as stored: text) that breaks these rules, with the
 * detail; undefined when they all keep them. Text that is not JSON is left to other checks.
 */
export function ruleViolation(apiId: string, models: readonly StoredModel[]): { model: string; detail: string } | undefined {
  const parsed = parseModels(models)
  const deep = parsed.find((m) => schemaTooDeep(m.schema))
  if (deep) return { model: deep.name, detail: SCHEMA_TOO_DEEP }
  const cycle = unfoundedCycle(apiId, parsed)
  return cycle && { model: cycle[0]!, detail: cycleDetail(cycle) }
}

export interface StoredModel {
  name: string
  schema?: string
}

/** Stored models with their schemas parsed (undefined where the text is not JSON). */
export function parseModels(models: readonly StoredModel[]): ParsedModel[] {
  return models.map((m) => ({ name: m.name, schema: parseJson(m.schema) }))
}

/** The detail for a cycle `unfoundedCycle` found. */
export function cycleDetail(cycle: readonly string[]): string {
  return (
    `circular reference without a base case: ${cycle.join(' -> ')} ` +
    '(a cycle of references must pass through properties, patternProperties, additionalProperties, items or additionalItems)'
  )
}

// keywords that apply a subschema to the same value: a cycle through these alone never ends
const SAME_VALUE_LISTS = ['allOf', 'anyOf', 'oneOf']
// keywords that apply a subschema to a part of the value: a cycle through one ends with the data
const PART_MAPS = ['properties', 'patternProperties']
const PART_SCHEMAS = ['additionalProperties', 'items', 'additionalItems']

interface SchemaNode {
  model: string
  pointer: string
  value: Record<string, unknown>
}

/**
 * The first cycle of `$ref`s (between models, or inside one) along which validation applies
 * schema after schema to the same value, as `A = {"$ref": B}`, `B = {"allOf": [{"$ref": A}]}`:
 * validating anything with A would never end. Returns the models along it (`['A', 'B', 'A']`),
 * or undefined. A cycle through `properties` or `items` (a tree whose nodes have children) is
 * fine: each turn validates a smaller part of the data. Only what a model's root reaches is
 * looked at; references that name no model of this API are left to the compiler.
 */
export function unfoundedCycle(apiId: string, models: readonly ParsedModel[]): string[] | undefined {
  const roots = new Map(models.filter((m) => isSchema(m.schema)).map((m) => [m.name, m.schema as Record<string, unknown>]))
  const prefix = `https://apigateway.amazonaws.com/restapis/${apiId}/models/`
  const nodes = new Map<string, SchemaNode>()
  const sameValue = new Map<string, string[]>()
  const pending: string[] = []

  const nodeAt = (model: string, pointer: string): string | undefined => {
    const key = `${model}#${pointer}`
    if (nodes.has(key)) return key
    const value = at(roots.get(model), pointer)
    if (!isSchema(value)) return undefined
    nodes.set(key, { model, pointer, value })
    pending.push(key)
    return key
  }
  const resolve = (model: string, ref: string): string | undefined => {
    if (ref.startsWith('#')) return nodeAt(model, fragment(ref.slice(1)))
    if (!ref.startsWith(prefix)) return undefined
    const hash = ref.indexOf('#', prefix.length)
    const name = hash < 0 ? ref.slice(prefix.length) : ref.slice(prefix.length, hash)
    return roots.has(name) ? nodeAt(name, hash < 0 ? '' : fragment(ref.slice(hash + 1))) : undefined
  }

  // every schema the models' roots reach, and for each the schemas it applies to the same value
  for (const name of roots.keys()) nodeAt(name, '')
  while (pending.length > 0) {
    const key = pending.pop()!
    const { model, pointer, value } = nodes.get(key)!
    const same: string[] = []
    const add = (list: string[], child: string | undefined): void => {
      if (child !== undefined) list.push(child)
    }
    if (typeof value.$ref === 'string') add(same, resolve(model, value.$ref))
    for (const k of SAME_VALUE_LISTS) {
      if (Array.isArray(value[k])) value[k].forEach((_, i) => add(same, nodeAt(model, `${pointer}/${k}/${i}`)))
    }
    add(same, nodeAt(model, `${pointer}/not`))
    for (const [name, dependency] of entries(value.dependencies)) {
      if (isSchema(dependency)) add(same, nodeAt(model, `${pointer}/dependencies/${escape(name)}`))
    }
    sameValue.set(key, same)
    for (const k of PART_MAPS) for (const [name] of entries(value[k])) nodeAt(model, `${pointer}/${k}/${escape(name)}`)
    for (const k of PART_SCHEMAS) {
      if (Array.isArray(value[k])) value[k].forEach((_, i) => nodeAt(model, `${pointer}/${k}/${i}`))
      else nodeAt(model, `${pointer}/${k}`)
    }
  }
  // models first, in the order given, so the cycle reported starts where a reader would look
  const starts = [...[...roots.keys()].map((name) => `${name}#`), ...sameValue.keys()]
  return findCycle(starts, sameValue, nodes)
}

/** A cycle in the same-value graph, by an iterative depth-first search. */
function findCycle(starts: readonly string[], edges: ReadonlyMap<string, readonly string[]>, nodes: ReadonlyMap<string, SchemaNode>): string[] | undefined {
  const done = new Set<string>()
  for (const start of starts) {
    if (done.has(start)) continue
    const path: string[] = [start]
    const onPath = new Set([start])
    const next: number[] = [0]
    while (path.length > 0) {
      const top = path[path.length - 1]!
      const children = edges.get(top) ?? []
      const i = next[next.length - 1]!
      if (i >= children.length) {
        done.add(top)
        onPath.delete(top)
        path.pop()
        next.pop()
        continue
      }
      next[next.length - 1] = i + 1
      const child = children[i]!
      if (onPath.has(child)) {
        const models = [...path.slice(path.indexOf(child)), child].map((key) => nodes.get(key)!.model)
        const names = models.filter((name, j) => j === 0 || name !== models[j - 1])
        return names.length === 1 ? [names[0]!, names[0]!] : names
      }
      if (done.has(child)) continue
      path.push(child)
      onPath.add(child)
      next.push(0)
    }
  }
  return undefined
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function isSchema(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function entries(value: unknown): Array<[string, unknown]> {
  return isSchema(value) ? Object.entries(value) : []
}

/** A URI fragment (`/definitions/a~1b`, percent-encoded or not) as a JSON pointer. */
function fragment(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

function escape(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1')
}

/** The value at a JSON pointer ('' is the whole document). */
function at(root: unknown, pointer: string): unknown {
  if (pointer === '') return root
  if (!pointer.startsWith('/')) return undefined
  let node = root
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~')
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) return undefined
    node = (node as Record<string, unknown>)[segment]
  }
  return node
}
