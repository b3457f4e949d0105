import { readOperations } from '../../protocol/patch.ts'
import type { PatchOperation } from '../../protocol/patch-path.ts'

/**
 * AWS removes a list member by naming it in `value` (`remove /apiStages value=a1b2c3:prod`,
 * `remove /stages value=a1b2c3/prod`), where JSON Patch would put it in the path. The generic
 * patch engine drops the value of a remove, so these operations are rewritten first to carry the
 * member in the path (`/apiStages/a1b2c3:prod`), where a `{member}` rule picks it up. A remove
 * without a value keeps its path, for the resource's own error.
 */
export function removeByValue(operations: unknown, paths: readonly string[]): PatchOperation[] {
  return readOperations(operations).map((op) =>
    op.op === 'remove' && paths.includes(op.path) && op.value !== undefined && op.value !== ''
      ? { op: 'remove', path: `${op.path}/${op.value.replace(/~/g, '~0').replace(/\//g, '~1')}` }
      : op,
  )
}
