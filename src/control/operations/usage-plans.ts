import type { ApiStage, QuotaSettings, ThrottleSettings, UsagePlan } from '../../model/account.ts'
import { QUOTA_PERIODS } from '../../model/account.ts'
import { newId } from '../../lib/ids.ts'
import { ApiError, badRequest, conflict, notFound } from '../protocol/errors.ts'
import type { ControlServices, Operation } from '../protocol/operation.ts'
import { paginate } from '../protocol/paging.ts'
import { applyPatch, readOperations } from '../protocol/patch.ts'
import { invalidPatchPath } from '../protocol/patch-path.ts'
import { StoreConflictError, StoreLimitError, StoreMissingError } from '../store/store.ts'
import { optionalObject, optionalString, optionalStringMap, requiredString, serializationError } from './support/input.ts'
import { unknownApiKey } from './api-keys.ts'
import { orderedQuota, usagePlanPatchRules, type StageChange } from './account-support/usage-plan-patch.ts'
import { removeByValue } from './account-support/remove-by-value.ts'
import { formatDay, firstDayNeeded, parseDay, usageValues } from './account-support/usage-report.ts'
import { initialPeriods } from '../../model/quota-period.ts'

/**
 * CreateUsagePlan, GetUsagePlan(s), UpdateUsagePlan, DeleteUsagePlan; CreateUsagePlanKey,
 * GetUsagePlanKey(s), DeleteUsagePlanKey; GetUsage, UpdateUsage.
 */

const ONE = '/usageplans/{usageplanId}'
const KEYS = `${ONE}/keys`
const KEY = `${KEYS}/{keyId}`

// recorded against AWS
export const UNKNOWN_USAGE_PLAN = 'Invalid Usage Plan ID specified'
const unknownPlan = () => notFound(UNKNOWN_USAGE_PLAN)
const unknownStageText = (apiId: string, stage: string, planId: string) =>
  `Invalid API Stage {api: ${apiId}, stage: ${stage}} specified for usageplan ${planId}`
const unknownStage = (apiId: string, stage: string, planId: string) => notFound(unknownStageText(apiId, stage, planId))

const REMOVABLE_TEXT = [
  '/apiStages',
  '/quota',
  '/throttle',
  '/productCode',
  '/apiStages/<apidId:stageName>/throttle/<resourcePath>/<httpMethod>',
  '/apiStages/<apidId:stageName>/throttle',
]
const REMOVABLE = [
  /^\/(apiStages|quota|throttle|productCode)$/,
  /^\/apiStages\/[^/]+\/throttle\/[^/]+\/[^/]+$/,
  /^\/apiStages\/[^/]+\/throttle$/,
]

/** the longest GetUsage range Portico answers (AWS keeps 90 days of usage) */
const MAX_USAGE_DAYS = 366

async function findPlan(services: ControlServices, id: string): Promise<UsagePlan> {
  const plan = await services.store.getUsagePlan(id)
  if (!plan) throw unknownPlan()
  return plan
}

/**
 * A key may be in several plans, but not in two that serve the same API stage: the gateway would
 * not know whose throttle and quota apply (AWS refuses it with this text, seen in the field).
 */
async function refuseSharedStage(services: ControlServices, plan: UsagePlan, keyId: string): Promise<void> {
  const stages = new Set(plan.apiStages.map((s) => `${s.apiId}:${s.stage}`))
  for (const other of await services.store.listUsagePlans({ keyId })) {
    if (other.id === plan.id) continue
    const shared = other.apiStages.find((s) => stages.has(`${s.apiId}:${s.stage}`))
    if (shared) {
      throw badRequest(`Usage Plan ${plan.id} cannot be added because API Key ${keyId} cannot reference multiple Usage Plans with the same API Stage: ${shared.apiId}:${shared.stage}`)
    }
  }
}

/**
 * A plan as AWS shows it (recorded against AWS): `apiStages` always; `tags` always in
 * GetUsagePlan and UpdateUsagePlan, in CreateUsagePlan and lists only when there are some.
 */
function showPlan(plan: UsagePlan, withTags = false): UsagePlan {
  const { tags, ...rest } = plan
  const shown: UsagePlan = { ...rest, apiStages: plan.apiStages ?? [] }
  if (withTags) shown.tags = tags ?? {}
  else if (tags !== undefined && Object.keys(tags).length > 0) shown.tags = tags
  return shown
}

function validationError(member: string, value: unknown, constraint: string): ApiError {
  return new ApiError(
    'ValidationException',
    `1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: ${constraint}`,
  )
}

function readThrottle(raw: Record<string, unknown>, member: string): ThrottleSettings {
  const throttle: ThrottleSettings = {}
  const burst = raw.burstLimit
  if (burst !== undefined && burst !== null) {
    if (typeof burst !== 'number' || !Number.isInteger(burst)) throw serializationError(`${member}.burstLimit`)
    throttle.burstLimit = burst
  }
  const rate = raw.rateLimit
  if (rate !== undefined && rate !== null) {
    if (typeof rate !== 'number' || !Number.isFinite(rate)) throw serializationError(`${member}.rateLimit`)
    throttle.rateLimit = rate
  }
  return throttle
}

function readQuota(raw: Record<string, unknown>): QuotaSettings {
  const quota: QuotaSettings = {}
  for (const member of ['limit', 'offset'] as const) {
    const v = raw[member]
    if (v === undefined || v === null) continue
    if (typeof v !== 'number' || !Number.isInteger(v)) throw serializationError(`quota.${member}`)
    quota[member] = v
  }
  const period = raw.period
  if (period !== undefined && period !== null) {
    if (typeof period !== 'string') throw serializationError('quota.period')
    if (!QUOTA_PERIODS.includes(period as never)) {
      throw validationError('createUsagePlanInput.quota.period', period, `Member must satisfy enum value set: [${QUOTA_PERIODS.join(', ')}]`)
    }
    quota.period = period as QuotaSettings['period']
  }
  return orderedQuota(quota)
}

function readApiStages(body: Record<string, unknown>): ApiStage[] {
  const v = body.apiStages
  if (v === undefined || v === null) return []
  if (!Array.isArray(v)) throw serializationError('apiStages')
  return v.map((raw, i) => {
    if (raw === null || typeof raw !== 'object') throw serializationError(`apiStages.${i}`)
    const entry = raw as Record<string, unknown>
    const apiId = optionalString(entry, 'apiId')
    const stage = optionalString(entry, 'stage')
    if (apiId === undefined || stage === undefined) throw badRequest('Invalid API Stage specified')
    const throttleRaw = optionalObject(entry, 'throttle')
    const apiStage: ApiStage = { apiId, stage }
    if (throttleRaw !== undefined) {
      apiStage.throttle = {}
      for (const [methodPath, settings] of Object.entries(throttleRaw)) {
        if (settings === null || typeof settings !== 'object') throw serializationError(`apiStages.${i}.throttle`)
        apiStage.throttle[methodPath] = readThrottle(settings as Record<string, unknown>, `apiStages.${i}.throttle`)
      }
    }
    return apiStage
  })
}

async function requireStage(services: ControlServices, apiId: string, stage: string, planId: string): Promise<void> {
  // REST stages only: HTTP APIs have no usage plans
  if ((await services.store.getStage(apiId, stage, 'REST')) === undefined) throw unknownStage(apiId, stage, planId)
}

function storeFailure(error: unknown): unknown {
  if (error instanceof StoreConflictError) return conflict('Usage Plan Key already exists')
  if (error instanceof StoreLimitError) return new ApiError('LimitExceededException', error.message)
  if (error instanceof StoreMissingError) return error.message.startsWith('Usage plan') ? unknownPlan() : unknownApiKey()
  return error
}

function readDays(query: URLSearchParams): { start: number; end: number; startDate: string; endDate: string } {
  const startDate = query.get('startDate')
  const endDate = query.get('endDate')
  if (!startDate || !endDate) throw badRequest('Start date and end date are required')
  const start = parseDay(startDate)
  const end = parseDay(endDate)
  if (start === undefined) throw badRequest(`Invalid start date specified: ${startDate}`)
  if (end === undefined) throw badRequest(`Invalid end date specified: ${endDate}`)
  if (end < start) throw badRequest('The end date must not be before the start date')
  if ((end - start) / 86_400_000 >= MAX_USAGE_DAYS) throw badRequest(`The date range must not exceed ${MAX_USAGE_DAYS} days`)
  return { start, end, startDate, endDate }
}

async function usageReport(
  services: ControlServices,
  plan: UsagePlan,
  range: { start: number; end: number; startDate: string; endDate: string },
  keyId: string | undefined,
): Promise<Record<string, unknown>> {
  const members = (await services.store.listUsagePlanKeys(plan.id)).map((k) => k.id)
  const rows = await services.store.getUsage(plan.id, formatDay(firstDayNeeded(range.start, plan.quota)), range.endDate, keyId)
  const keyIds = keyId !== undefined ? [keyId] : [...new Set([...members, ...rows.map((r) => r.keyId)])]
  // an offset lowers each key's initial period: the one of its first use, which needs the history
  const today = services.now() * 1000
  const history = plan.quota?.offset ? await services.store.getUsage(plan.id, '0000-01-01', formatDay(today), keyId) : []
  return {
    usagePlanId: plan.id,
    startDate: range.startDate,
    endDate: range.endDate,
    // the SDK's `items` travel as `values`
    values: usageValues(keyIds, rows, range.start, range.end, plan.quota, { periods: initialPeriods(history, plan.quota?.period), today }),
  }
}

export const usagePlanOperations: Operation[] = [
  {
    name: 'CreateUsagePlan',
    method: 'POST',
    path: '/usageplans',
    successStatus: 201,
    async handler({ body }, services) {
      const name = requiredString(body, 'name', 'Usage Plan name must be specified')
      const id = newId()
      const apiStages = readApiStages(body)
      for (const s of apiStages) {
        // CreateUsagePlan answers 400 here where UpdateUsagePlan answers 404 (both recorded against AWS)
        if ((await services.store.getStage(s.apiId, s.stage, 'REST')) === undefined) throw badRequest(unknownStageText(s.apiId, s.stage, id))
      }
      const throttleRaw = optionalObject(body, 'throttle')
      const quotaRaw = optionalObject(body, 'quota')
      const description = optionalString(body, 'description')
      const tags = optionalStringMap(body, 'tags')
      const plan: UsagePlan = {
        id,
        name,
        ...(description !== undefined && description !== '' && { description }),
        apiStages,
        ...(throttleRaw !== undefined && { throttle: readThrottle(throttleRaw, 'throttle') }),
        ...(quotaRaw !== undefined && { quota: readQuota(quotaRaw) }),
        ...(tags !== undefined && { tags }),
      }
      await services.store.createUsagePlan(plan)
      return showPlan(plan)
    },
  },
  {
    name: 'GetUsagePlan',
    method: 'GET',
    path: ONE,
    successStatus: 200,
    async handler({ params }, services) {
      return showPlan(await findPlan(services, params.usageplanId!), true)
    },
  },
  {
    name: 'GetUsagePlans',
    method: 'GET',
    path: '/usageplans',
    successStatus: 200,
    async handler({ query }, services) {
      const keyId = query.get('keyId')
      const plans = await services.store.listUsagePlans(keyId ? { keyId } : {})
      const page = paginate(plans, query)
      return { ...page, item: page.item.map((p) => showPlan(p)) }
    },
  },
  {
    name: 'UpdateUsagePlan',
    method: 'PATCH',
    path: ONE,
    successStatus: 200,
    async handler({ params, body }, services) {
      const plan = await findPlan(services, params.usageplanId!)
      const stageChanges: StageChange[] = []
      const raw = readOperations(body.patchOperations)
      // AWS lists the removable paths in this text (recorded against AWS, `apidId` sic)
      const wrong = raw.find((o) => o.op === 'remove' && !REMOVABLE.some((pattern) => pattern.test(o.path)))
      if (wrong) throw invalidPatchPath('remove', wrong.path, REMOVABLE_TEXT)
      const operations = removeByValue(raw, ['/apiStages'])
      const patched = applyPatch(plan, operations, usagePlanPatchRules(plan.id, stageChanges), {
        ops: ['add', 'remove', 'replace'],
      })
      for (const change of stageChanges) {
        if (change.op === 'add') await requireStage(services, change.apiId, change.stage, plan.id)
      }
      try {
        await services.store.updateUsagePlan(patched)
      } catch (error) {
        throw storeFailure(error)
      }
      return showPlan(patched, true)
    },
  },
  {
    name: 'DeleteUsagePlan',
    method: 'DELETE',
    path: ONE,
    successStatus: 202,
    async handler({ params }, services) {
      const plan = await findPlan(services, params.usageplanId!)
      const stage = plan.apiStages[0]
      if (stage) {
        // recorded against AWS
        throw badRequest(
          `Cannot delete Usage Plan ${plan.id} because there are API Stages associated with it, including ${stage.apiId}:${stage.stage}`,
        )
      }
      if (!(await services.store.deleteUsagePlan(plan.id))) throw unknownPlan()
      return undefined
    },
  },
  {
    name: 'CreateUsagePlanKey',
    method: 'POST',
    path: KEYS,
    successStatus: 201,
    async handler({ params, body }, services) {
      const keyId = requiredString(body, 'keyId', 'Invalid API Key identifier specified')
      const keyType = requiredString(body, 'keyType', 'Invalid key type specified: only API_KEY is supported')
      if (keyType !== 'API_KEY') throw badRequest('Invalid key type specified: only API_KEY is supported')
      const plan = await findPlan(services, params.usageplanId!)
      await refuseSharedStage(services, plan, keyId)
      try {
        return await services.store.addUsagePlanKey(params.usageplanId!, keyId)
      } catch (error) {
        throw storeFailure(error)
      }
    },
  },
  {
    name: 'GetUsagePlanKey',
    method: 'GET',
    path: KEY,
    successStatus: 200,
    async handler({ params }, services) {
      await findPlan(services, params.usageplanId!)
      const key = await services.store.getUsagePlanKey(params.usageplanId!, params.keyId!)
      if (!key) throw unknownApiKey()
      return key
    },
  },
  {
    name: 'GetUsagePlanKeys',
    method: 'GET',
    path: KEYS,
    successStatus: 200,
    async handler({ params, query }, services) {
      // recorded against AWS: an unknown plan lists no keys; newest first; name is a case-sensitive prefix
      const name = query.get('name')
      const keys = (await services.store.listUsagePlanKeys(params.usageplanId!))
        .reverse()
        .filter((k) => !name || (k.name ?? '').startsWith(name))
      return paginate(keys, query)
    },
  },
  {
    name: 'DeleteUsagePlanKey',
    method: 'DELETE',
    path: KEY,
    successStatus: 202,
    async handler({ params }, services) {
      await findPlan(services, params.usageplanId!)
      if (!(await services.store.removeUsagePlanKey(params.usageplanId!, params.keyId!))) throw unknownApiKey()
      return undefined
    },
  },
  {
    name: 'GetUsage',
    method: 'GET',
    path: `${ONE}/usage`,
    successStatus: 200,
    async handler({ params, query }, services) {
      const plan = await findPlan(services, params.usageplanId!)
      const range = readDays(query)
      const keyId = query.get('keyId') || undefined
      return usageReport(services, plan, range, keyId)
    },
  },
  {
    name: 'UpdateUsage',
    method: 'PATCH',
    path: `${KEY}/usage`,
    successStatus: 200,
    async handler({ params, body }, services) {
      const plan = await findPlan(services, params.usageplanId!)
      const keyId = params.keyId!
      if (!(await services.store.getUsagePlanKey(plan.id, keyId))) throw unknownApiKey()
      if (!Array.isArray(body.patchOperations) || body.patchOperations.length === 0) {
        throw badRequest("Invalid patch operation specified. Must be one of: [replace]")
      }
      const patched = applyPatch({ remaining: 0 }, body.patchOperations, [
        {
          path: '/remaining',
          ops: ['replace'],
          type: 'integer',
          check(value) {
            if ((value as number) < 0) throw badRequest('Remaining quota must not be negative')
          },
        },
      ], { ops: ['replace'] })
      const today = formatDay(services.now() * 1000)
      await services.flushUsage?.()
      await services.store.setRemaining(plan.id, keyId, today, patched.remaining)
      const day = parseDay(today)!
      return usageReport(services, plan, { start: day, end: day, startDate: today, endDate: today }, keyId)
    },
  },
]
