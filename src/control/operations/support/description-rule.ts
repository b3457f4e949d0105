import type { PatchRule } from '../../protocol/patch.ts'

/**
 * The `replace /description` patch rule of the account-level resources that keep a free-text
 * description (VPC links, client certificates): a string sets it, a blank or missing value
 * removes it, as AWS then answers without the member.
 */
export function descriptionRule<T extends { description?: string }>(): PatchRule<T> {
  return {
    path: '/description',
    ops: ['replace'],
    apply(target, { value }) {
      if (typeof value === 'string' && value !== '') target.description = value
      else delete target.description
    },
  }
}
