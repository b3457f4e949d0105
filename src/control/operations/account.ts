import type { Account } from '../../model/account.ts'
import { badRequest } from '../protocol/errors.ts'
import type { Operation } from '../protocol/operation.ts'
import { applyPatch, type PatchRule } from '../protocol/patch.ts'
import { removeByValue } from './account-support/remove-by-value.ts'

/**
 * GetAccount and UpdateAccount. The account's throttle is the ceiling every stage, method and
 * usage-plan throttle sits under (AWS: 10,000 rps, burst 5,000). AWS changes it only through a
 * quota request; Portico lets UpdateAccount replace `/throttle/rateLimit` and
 * `/throttle/burstLimit`, beside AWS's `/cloudwatchRoleArn` and `/features`.
 */

const FEATURES = '/features'

function limit(field: 'burstLimit' | 'rateLimit'): PatchRule<Account> {
  return {
    path: `/throttle/${field}`,
    ops: ['replace'],
    type: 'number',
    check(value) {
      const n = value as number
      if (n < 0 || (field === 'burstLimit' && !Number.isInteger(n))) {
        throw badRequest(`Invalid ${field} value '${n}': must be a ${field === 'burstLimit' ? 'non-negative integer' : 'non-negative number'}`)
      }
    },
    apply(account, { value }) {
      account.throttleSettings[field] = value as number
    },
  }
}

const PATCH_RULES: PatchRule<Account>[] = [
  {
    path: '/cloudwatchRoleArn',
    ops: ['replace'],
    apply(account, { value }) {
      if (typeof value === 'string' && value !== '') account.cloudwatchRoleArn = value
      else delete account.cloudwatchRoleArn
    },
  },
  limit('burstLimit'),
  limit('rateLimit'),
  {
    path: FEATURES,
    ops: ['add'],
    apply(account, { value }) {
      const feature = String(value)
      if (!account.features.includes(feature)) account.features.push(feature)
    },
  },
  {
    // `remove /features value=UsagePlans`, rewritten by removeByValue
    path: `${FEATURES}/{feature}`,
    ops: ['remove'],
    apply(account, { params }) {
      account.features = account.features.filter((f) => f !== params.feature)
    },
  },
]

export const accountOperations: Operation[] = [
  {
    name: 'GetAccount',
    method: 'GET',
    path: '/account',
    successStatus: 200,
    async handler(_request, services) {
      return services.store.getAccount()
    },
  },
  {
    name: 'UpdateAccount',
    method: 'PATCH',
    path: '/account',
    successStatus: 200,
    async handler({ body }, services) {
      const account = await services.store.getAccount()
      const patched = applyPatch(account, removeByValue(body.patchOperations, [FEATURES]), PATCH_RULES, {
        ops: ['add', 'remove', 'replace'],
      })
      await services.store.updateAccount(patched)
      return patched
    },
  },
]
