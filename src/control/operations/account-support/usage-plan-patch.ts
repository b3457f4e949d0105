import type { ApiStage, QuotaSettings, ThrottleSettings, UsagePlan } from '../../../model/account.ts'
import { QUOTA_PERIODS } from '../../../model/account.ts'
import { badRequest, notFound } from '../../protocol/errors.ts'
import type { PatchChange, PatchRule } from '../../protocol/patch.ts'

/**
 * UpdateUsagePlan's patch paths (botocore's UpdateUsagePlan doc and AWS's developer guide):
 *
 * - replace `/name`, `/description`, `/productCode`; remove `/productCode`
 * - replace `/throttle/burstLimit`, `/throttle/rateLimit`; remove `/throttle`
 * - replace `/quota/limit`, `/quota/offset`, `/quota/period`; remove `/quota`
 * - add, remove `/apiStages` with value `{apiId}:{stage}`
 * - add, replace `/apiStages/{apiId}:{stage}/throttle/{resourcePath}/{httpMethod}/burstLimit|rateLimit`
 *   (the resource path `~1`-escaped, e.g. `/apiStages/a1b2c3:prod/throttle/~1pets/GET/rateLimit`);
 *   remove `/apiStages/{apiId}:{stage}/throttle/{resourcePath}/{httpMethod}` and `…/throttle`
 *
 * AWS's list of removable paths is checked by the caller, before these rules run (the
 * rewritten `/apiStages/{stageId}` is internal). `remove /apiStages` names the stage in its value: run the operations through removeByValue
 * first. Stages added are collected in `changes` for the caller to check against the store (the rules
 * run synchronously); stages removed must be in the plan.
 */

export interface StageChange {
  op: 'add' | 'remove'
  apiId: string
  stage: string
}

const unknownStage = (apiId: string, stage: string, planId: string) =>
  notFound(`Invalid API Stage {api: ${apiId}, stage: ${stage}} specified for usageplan ${planId}`)

function parseStageId(text: unknown): { apiId: string; stage: string } {
  if (typeof text !== 'string') throw badRequest('Invalid API Stage specified')
  const parts = text.split(':')
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') throw badRequest('Invalid API Stage specified')
  return { apiId: parts[0]!, stage: parts[1]! }
}

function numberValue(change: PatchChange, path: string, integer: boolean): number {
  const text = change.value
  const n = typeof text === 'string' && text.trim() !== '' ? Number(text) : NaN
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    throw badRequest(`Invalid ${integer ? 'integer' : 'number'} value '${String(text)}' specified for path '${path}'`)
  }
  return n
}

function text(field: 'name' | 'description' | 'productCode'): PatchRule<UsagePlan> {
  return {
    path: `/${field}`,
    ops: field === 'productCode' ? ['replace', 'remove'] : ['replace'],
    apply(plan, change) {
      const value = typeof change.value === 'string' ? change.value : ''
      if (field === 'name') {
        if (value === '') throw badRequest('Usage Plan name must be specified')
        plan.name = value
      } else if (value === '' || change.op === 'remove') delete plan[field]
      else plan[field] = value
    },
  }
}

function throttleField(field: keyof ThrottleSettings): PatchRule<UsagePlan> {
  return {
    path: `/throttle/${field}`,
    ops: ['replace'],
    apply(plan, change) {
      plan.throttle = { ...plan.throttle, [field]: numberValue(change, `/throttle/${field}`, field === 'burstLimit') }
    },
  }
}

function quotaField(field: keyof QuotaSettings): PatchRule<UsagePlan> {
  return {
    path: `/quota/${field}`,
    ops: ['replace'],
    apply(plan, change) {
      let value: number | QuotaSettings['period']
      if (field === 'period') {
        if (!QUOTA_PERIODS.includes(change.value as never)) {
          throw badRequest(`Invalid quota period '${String(change.value)}' specified. Must be one of: [${QUOTA_PERIODS.join(', ')}]`)
        }
        value = change.value as QuotaSettings['period']
      } else value = numberValue(change, `/quota/${field}`, true)
      plan.quota = orderedQuota({ ...plan.quota, [field]: value })
    },
  }
}

/** AWS's member order, and `offset: 0` when unset (recorded against AWS) */
export function orderedQuota(quota: QuotaSettings): QuotaSettings {
  return {
    ...(quota.limit !== undefined && { limit: quota.limit }),
    offset: quota.offset ?? 0,
    ...(quota.period !== undefined && { period: quota.period }),
  }
}

function stageOf(plan: UsagePlan, stageId: string, planId: string): ApiStage {
  const { apiId, stage } = parseStageId(stageId)
  const found = plan.apiStages.find((s) => s.apiId === apiId && s.stage === stage)
  if (!found) throw unknownStage(apiId, stage, planId)
  return found
}

function methodThrottle(field: keyof ThrottleSettings, planId: string): PatchRule<UsagePlan> {
  return {
    path: `/apiStages/{stageId}/throttle/{resourcePath}/{httpMethod}/${field}`,
    ops: ['add', 'replace'],
    apply(plan, change) {
      const apiStage = stageOf(plan, change.params.stageId!, planId)
      const { resourcePath, httpMethod } = change.params as { resourcePath: string; httpMethod: string }
      const key = `${resourcePath.startsWith('/') ? '' : '/'}${resourcePath}/${httpMethod}`
      const throttle = { ...apiStage.throttle }
      throttle[key] = { ...throttle[key], [field]: numberValue(change, change.segments.join('/'), field === 'burstLimit') }
      apiStage.throttle = throttle
    },
  }
}

export function usagePlanPatchRules(planId: string, changes: StageChange[]): PatchRule<UsagePlan>[] {
  return [
    text('name'),
    text('description'),
    text('productCode'),
    throttleField('burstLimit'),
    throttleField('rateLimit'),
    {
      path: '/throttle',
      ops: ['remove'],
      apply(plan) {
        delete plan.throttle
      },
    },
    quotaField('limit'),
    quotaField('offset'),
    quotaField('period'),
    {
      path: '/quota',
      ops: ['remove'],
      apply(plan) {
        delete plan.quota
      },
    },
    {
      path: '/apiStages',
      ops: ['add', 'remove'],
      apply(plan, change) {
        // a remove reaches here only without a value (recorded against AWS)
        if (change.op === 'remove') throw badRequest('Invalid API Stage specified')
        const { apiId, stage } = parseStageId(change.value)
        changes.push({ op: 'add', apiId, stage })
        if (!plan.apiStages.some((s) => s.apiId === apiId && s.stage === stage)) plan.apiStages.push({ apiId, stage })
      },
    },
    {
      // `remove /apiStages value={apiId}:{stage}`, rewritten by removeByValue
      path: '/apiStages/{stageId}',
      ops: ['remove'],
      apply(plan, change) {
        const { apiId, stage } = parseStageId(change.params.stageId)
        const at = plan.apiStages.findIndex((s) => s.apiId === apiId && s.stage === stage)
        if (at < 0) throw unknownStage(apiId, stage, planId)
        changes.push({ op: 'remove', apiId, stage })
        plan.apiStages.splice(at, 1)
      },
    },
    methodThrottle('burstLimit', planId),
    methodThrottle('rateLimit', planId),
    {
      path: '/apiStages/{stageId}/throttle/{resourcePath}/{httpMethod}',
      ops: ['remove'],
      apply(plan, change) {
        const apiStage = stageOf(plan, change.params.stageId!, planId)
        const { resourcePath, httpMethod } = change.params as { resourcePath: string; httpMethod: string }
        const key = `${resourcePath.startsWith('/') ? '' : '/'}${resourcePath}/${httpMethod}`
        if (apiStage.throttle) delete apiStage.throttle[key]
        if (apiStage.throttle && Object.keys(apiStage.throttle).length === 0) delete apiStage.throttle
      },
    },
    {
      path: '/apiStages/{stageId}/throttle',
      ops: ['remove'],
      apply(plan, change) {
        delete stageOf(plan, change.params.stageId!, planId).throttle
      },
    },
  ]
}
