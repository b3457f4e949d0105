import { badRequest, serializationError, type ApiError } from './errors.ts'
import { decodePatchPath, invalidPatchOp, invalidPatchPath, type PatchOperation } from './patch-path.ts'

/**
 * AWS's `patchOperations` applied to a resource, generically.
 *
 * A resource family declares the paths it accepts as rules; `applyPatch` checks every operation
 * against them (AWS's texts: an op the resource never takes → "Invalid patch operation specified";
 * an unknown path → "Invalid patch path … Must be one of: [every rule's path]"; a known path with
 * an op it does not take → "… Please choose supported operations"), coerces the string values to the field's type
 * and returns a patched deep copy. The input is never mutated, so a failing operation leaves
 * nothing half-applied.
 *
 * ```ts
 * const RULES: PatchRule[] = [
 *   { path: '/name', ops: ['replace'] },
 *   { path: '/minimumCompressionSize', ops: ['replace'], type: 'integer', check: (v) => … },
 *   { path: '/binaryMediaTypes/{type}', ops: ['add', 'remove'], kind: 'member' },
 *   { path: '/requestParameters/{name}', ops: ['add', 'remove', 'replace'], type: 'boolean' },
 * ]
 * const patched = applyPatch(restApi, body.patchOperations, RULES)
 * ```
 */

export type PatchOpName = PatchOperation['op']
export type PatchValueType = 'string' | 'boolean' | 'integer' | 'number' | 'json'

export interface PatchRule<T = Record<string, unknown>> {
  /**
   * the path as AWS lists it in its error text; a `{name}` segment matches any one segment and
   * is passed to `apply` as a parameter; a `*` segment must be a literal `*` in the request
   */
  path: string
  ops: readonly PatchOpName[]
  /** how the string value is coerced; default `string` */
  type?: PatchValueType
  /**
   * `value` (default): the path points at a field (maps are objects: `/requestParameters/{name}`).
   * `member`: the last segment names an element of a string array (`/binaryMediaTypes/image~1png`);
   * add appends it, remove drops it, replace swaps it for `value`.
   */
  kind?: 'value' | 'member'
  /** rejects a coerced value with the resource's own text (throw an ApiError) */
  check?(value: unknown, op: PatchOperation): void
  /** custom application instead of the default JSON-pointer write; mutate `target` (already a copy) */
  apply?(target: T, change: PatchChange): void
}

export interface PatchChange {
  op: PatchOpName
  /** the decoded segments of `path` (`~1` → `/`) */
  segments: string[]
  /** values of the rule's `{name}` segments */
  params: Record<string, string>
  /** the coerced value (undefined for remove) */
  value: unknown
  /** for move/copy: the decoded segments of `from` */
  from?: string[]
}

export interface PatchOptions {
  /** ops the resource knows at all; others answer AWS's "Invalid patch operation" text. Default add/remove/replace/move/copy/test */
  ops?: readonly PatchOpName[]
}

const ALL_OPS: readonly PatchOpName[] = ['add', 'remove', 'replace', 'move', 'copy', 'test']

/** Applies `operations` (the request's `patchOperations`, unchecked) to a deep copy of `target`. */
export function applyPatch<T extends object>(target: T, operations: unknown, rules: readonly PatchRule<T>[], options: PatchOptions = {}): T {
  const knownOps = options.ops ?? ALL_OPS
  const ops = readOperations(operations)
  const result = structuredClone(target)
  for (const op of ops) {
    if (!knownOps.includes(op.op)) throw invalidPatchOp(knownOps.filter((o) => o !== 'test'))
    const segments = decodePatchPath(op.path)
    const match = findRule(rules, op.op, segments)
    if (!match) {
      // a known path with an op it does not take gets AWS's other text
      if (findRule(rules, undefined, segments)) throw unsupportedPatchOperation(op.op, op.path)
      throw invalidPatchPath(op.op, op.path, [...new Set(rules.map((r) => r.path))])
    }
    const { rule, params } = match
    const from = op.from === undefined ? undefined : decodePatchPath(op.from)
    if ((op.op === 'move' || op.op === 'copy') && from === undefined) throw badRequest(`Missing 'from' for op '${op.op}'`)
    const value = op.op === 'remove' || op.op === 'move' || op.op === 'copy' ? undefined : coerce(op, rule)
    if (value !== undefined) rule.check?.(value, op)
    const change: PatchChange = { op: op.op, segments, params, value, ...(from && { from }) }
    if (rule.apply) rule.apply(result, change)
    else if ((rule.kind ?? 'value') === 'member') applyMember(result as Record<string, unknown>, change, op)
    else applyValue(result as Record<string, unknown>, change, op)
  }
  return result
}

const MEMBERS = ['op', 'path', 'value', 'from'] as const

/**
 * The `patchOperations` member, shape-checked. Every member of a PatchOperation is a string on
 * the wire (botocore's model; the CLI sends `"value": "5"`): a JSON number, boolean, object or
 * array in one is a SerializationException, never turned into text.
 */
export function readOperations(operations: unknown): PatchOperation[] {
  if (operations === undefined || operations === null) return []
  if (!Array.isArray(operations)) throw badRequest('Invalid patch operations specified')
  return operations.map((raw, i) => {
    const o = raw as Partial<Record<keyof PatchOperation, unknown>> | null
    if (!o || typeof o !== 'object') throw invalidPatchOp(['add', 'remove', 'replace', 'move', 'copy'])
    for (const member of MEMBERS) {
      const v = o[member]
      if (v !== undefined && v !== null && typeof v !== 'string') throw serializationError(`patchOperations.${i}.${member}`, v, 'string')
    }
    if (typeof o.op !== 'string' || !ALL_OPS.includes(o.op as PatchOpName)) throw invalidPatchOp(['add', 'remove', 'replace', 'move', 'copy'])
    if (typeof o.path !== 'string') throw badRequest(`Missing path for op '${o.op}'`)
    return {
      op: o.op as PatchOpName,
      path: o.path,
      ...(typeof o.value === 'string' && { value: o.value }),
      ...(typeof o.from === 'string' && { from: o.from }),
    }
  })
}

/** AWS's text for a path a resource knows, with an op that path does not take. */
export function unsupportedPatchOperation(op: string, path: string): ApiError {
  return badRequest(`Invalid patch path  '${path}' specified for op '${op}'. Please choose supported operations`)
}

function findRule<T>(rules: readonly PatchRule<T>[], op: PatchOpName | undefined, segments: string[]): { rule: PatchRule<T>; params: Record<string, string> } | undefined {
  for (const rule of rules) {
    if (op !== undefined && !rule.ops.includes(op)) continue
    const pattern = decodePatchPath(rule.path)
    if (pattern.length !== segments.length) continue
    const params: Record<string, string> = {}
    let ok = true
    for (let i = 0; i < pattern.length && ok; i++) {
      const p = pattern[i]!
      const s = segments[i]!
      if (p.startsWith('{') && p.endsWith('}') && p.length > 2) {
        if (s === '') ok = false
        else params[p.slice(1, -1)] = s
      } else if (p !== s) ok = false
    }
    if (ok) return { rule, params }
  }
  return undefined
}

function coerce(op: PatchOperation, rule: { type?: PatchValueType; kind?: string; apply?: unknown }): unknown {
  const text = op.value
  const type = rule.type ?? 'string'
  if (text === undefined) {
    // member adds/removes name the element in the path; other writes need a value
    if ((rule.kind ?? 'value') === 'member' && op.op !== 'replace') return undefined
    if (rule.apply) return undefined
    throw badRequest(`Invalid null or empty value in patch operation for path '${op.path}'`)
  }
  switch (type) {
    case 'string':
      return text
    case 'boolean':
      if (text !== 'true' && text !== 'false') throw badRequest(`Invalid boolean value '${text}' specified for path '${op.path}'`)
      return text === 'true'
    case 'integer': {
      const n = Number(text)
      if (text.trim() === '' || !Number.isInteger(n)) throw badRequest(`Invalid integer value '${text}' specified for path '${op.path}'`)
      return n
    }
    case 'number': {
      const n = Number(text)
      if (text.trim() === '' || !Number.isFinite(n)) throw badRequest(`Invalid number value '${text}' specified for path '${op.path}'`)
      return n
    }
    case 'json':
      try {
        return JSON.parse(text) as unknown
      } catch {
        throw badRequest(`Invalid JSON value specified for path '${op.path}'`)
      }
  }
}

function applyValue(target: Record<string, unknown>, change: PatchChange, op: PatchOperation): void {
  const { segments } = change
  if (segments.length === 0) throw invalidPatchPath(op.op, op.path, [])
  switch (change.op) {
    case 'add':
    case 'replace':
      setAt(target, segments, change.value)
      return
    case 'remove':
      deleteAt(target, segments)
      return
    case 'copy':
    case 'move': {
      const value = getAt(target, change.from!)
      if (value === undefined) throw badRequest(`Invalid 'from' path '${op.from}' for op '${op.op}': no value there`)
      setAt(target, segments, structuredClone(value))
      if (change.op === 'move') deleteAt(target, change.from!)
      return
    }
    case 'test': {
      const actual = getAt(target, segments)
      if (JSON.stringify(actual) !== JSON.stringify(change.value)) throw badRequest(`Test failed for path '${op.path}'`)
      return
    }
  }
}

function applyMember(target: Record<string, unknown>, change: PatchChange, op: PatchOperation): void {
  const arrayPath = change.segments.slice(0, -1)
  const member = change.segments[change.segments.length - 1]!
  const current = getAt(target, arrayPath)
  const list = Array.isArray(current) ? (current as unknown[]).map(String) : []
  switch (change.op) {
    case 'add': {
      const item = typeof change.value === 'string' && change.value !== '' ? change.value : member
      if (!list.includes(item)) list.push(item)
      break
    }
    case 'remove':
      if (!list.includes(member)) return
      list.splice(list.indexOf(member), 1)
      break
    case 'replace': {
      const i = list.indexOf(member)
      if (i < 0) throw badRequest(`Invalid value '${member}' specified for path '${op.path}': not present`)
      list[i] = String(change.value)
      break
    }
    case 'test':
      if (!list.includes(member)) throw badRequest(`Test failed for path '${op.path}'`)
      return
    default:
      throw invalidPatchOp(['add', 'remove', 'replace'])
  }
  if (list.length === 0) deleteAt(target, arrayPath)
  else setAt(target, arrayPath, list)
}

/** The value at decoded `segments`, or undefined. */
export function getAt(target: unknown, segments: readonly string[]): unknown {
  let node = target
  for (const s of segments) {
    if (node === null || typeof node !== 'object') return undefined
    node = Object.hasOwn(node, s) ? (node as Record<string, unknown>)[s] : undefined
  }
  return node
}

/** Writes `value` at decoded `segments`, creating intermediate objects. */
export function setAt(target: Record<string, unknown>, segments: readonly string[], value: unknown): void {
  let node = target
  for (const s of segments.slice(0, -1)) {
    assertSafeKey(s)
    const next = node[s]
    if (next === null || typeof next !== 'object') node[s] = {}
    node = node[s] as Record<string, unknown>
  }
  const last = segments[segments.length - 1]!
  assertSafeKey(last)
  node[last] = value
}

/** Deletes the value at decoded `segments`; drops maps left empty on the way up. */
export function deleteAt(target: Record<string, unknown>, segments: readonly string[]): void {
  const parents: Array<[Record<string, unknown>, string]> = []
  let node: unknown = target
  for (const s of segments.slice(0, -1)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, s)) return
    parents.push([node as Record<string, unknown>, s])
    node = (node as Record<string, unknown>)[s]
  }
  if (node === null || typeof node !== 'object') return
  delete (node as Record<string, unknown>)[segments[segments.length - 1]!]
  for (let i = parents.length - 1; i >= 0; i--) {
    const [parent, key] = parents[i]!
    const child = parent[key]
    if (child && typeof child === 'object' && !Array.isArray(child) && Object.keys(child).length === 0) delete parent[key]
    else break
  }
}

function assertSafeKey(key: string): void {
  if (key === '__proto__' || key === 'constructor' || key === 'prototype') throw badRequest(`Invalid patch path segment '${key}'`)
}
