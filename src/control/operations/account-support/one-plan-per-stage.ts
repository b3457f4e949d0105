import type { UsagePlan } from '../../../model/account.ts'
import { badRequest, type ApiError } from '../../protocol/errors.ts'

/**
 * A key may be in several plans, but not in two that serve the same API stage: the gateway would
 * not know whose throttle and quota apply. AWS refuses it with this text (seen in the field) in
 * CreateUsagePlanKey; Portico applies the same rule, and text, wherever a key and a plan come
 * together: ImportApiKeys (`usageplanIds`) and UpdateUsagePlan (an added API stage).
 *
 * `joining` is checked against `member` (the key's other plans): the first stage they share
 * answers the error, naming the joining plan.
 */
export function sharedStageError(keyId: string, joining: UsagePlan, member: readonly UsagePlan[]): ApiError | undefined {
  const stages = new Set(joining.apiStages.map((s) => `${s.apiId}:${s.stage}`))
  for (const other of member) {
    if (other.id === joining.id) continue
    const shared = other.apiStages.find((s) => stages.has(`${s.apiId}:${s.stage}`))
    if (shared) {
      return badRequest(`Usage Plan ${joining.id} cannot be added because API Key ${keyId} cannot reference multiple Usage Plans with the same API Stage: ${shared.apiId}:${shared.stage}`)
    }
  }
  return undefined
}
