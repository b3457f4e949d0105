import type { ApiDefinition } from '../../../model/index.ts'

interface Entry {
  /** rest_apis.seq: AUTOINCREMENT, never reused, so a deleted and re-created API is a new key */
  seq: number
  version: number
  definition: ApiDefinition
}

/**
 * The last assembled definition of each API, deep-frozen, keyed by the API's row identity and
 * version. Reassembling a 1,000-resource API from its rows costs ~10 ms and even parsing a kept
 * JSON copy 3-5 ms; handing out one frozen object costs nothing, and freezing means no caller
 * can corrupt what the next one reads (writers copy first: changeApi's structuredClone).
 * Every change to an API's rows goes through saveApi, which bumps the version in the same
 * transaction, so an entry whose (seq, version) matches the row just read is never stale, even
 * when another process wrote the file.
 */
export class ApiDefinitionCache {
  readonly #entries = new Map<string, Entry>()

  /** the definition stored for exactly this (seq, version), if kept */
  get(apiId: string, seq: number, version: number): ApiDefinition | undefined {
    const entry = this.#entries.get(apiId)
    if (entry === undefined || entry.seq !== seq || entry.version !== version) return undefined
    return entry.definition
  }

  /** keeps `definition`, frozen (it must be a fresh object no one else holds), and returns it */
  set(apiId: string, seq: number, version: number, definition: ApiDefinition): ApiDefinition {
    deepFreeze(definition)
    this.#entries.set(apiId, { seq, version, definition })
    return definition
  }

  delete(apiId: string): void {
    this.#entries.delete(apiId)
  }
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null) return
  Object.freeze(value)
  for (const key in value) deepFreeze((value as Record<string, unknown>)[key])
}
