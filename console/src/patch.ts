import type { Call } from './api.ts'

/**
 * Patch operations exactly as the AWS CLI sends them (`--patch-operations op=replace,path=/x,value=y`
 * becomes `{"patchOperations":[{"op":"replace","path":"/x","value":"y"}]}`): values are strings,
 * and a map key inside a path is escaped as JSON Pointer escapes it (`~` → `~0`, `/` → `~1`).
 */
export interface PatchOperation {
  op: 'add' | 'remove' | 'replace' | 'copy'
  path: string
  value?: string
  from?: string
}

/** `/requestTemplates` + `application/json` → `/requestTemplates/application~1json`. */
export function pointer(...segments: string[]): string {
  return segments.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('')
}

/** `replace` operations for the fields whose text changed (empty text is sent as `""`, which AWS reads as clearing). */
export function changed(before: Record<string, string | undefined>, after: Record<string, string>): PatchOperation[] {
  return Object.entries(after)
    .filter(([field, value]) => (before[field] ?? '') !== value)
    .map(([field, value]) => ({ op: 'replace', path: `/${field}`, value }))
}

/** Sends one PATCH (nothing when there is nothing to change). */
export async function patch(call: Call, path: string, patchOperations: PatchOperation[]): Promise<void> {
  if (patchOperations.length > 0) await call('PATCH', path, { body: { patchOperations } })
}
