import { randomBytes } from 'node:crypto'
import type { ApiKey } from '../../model/account.ts'
import { newId } from '../../lib/ids.ts'
import { ApiError, badRequest, conflict, notFound } from '../protocol/errors.ts'
import type { ControlServices, Operation } from '../protocol/operation.ts'
import { paginate } from '../protocol/paging.ts'
import { applyPatch, type PatchRule } from '../protocol/patch.ts'
import { invalidPatchPath } from '../protocol/patch-path.ts'
import { StoreConflictError, StoreLimitError, StoreMissingError } from '../store/store.ts'
import { optionalBoolean, optionalString, optionalStringMap, serializationError } from './support/input.ts'
import { parseApiKeyCsv } from './account-support/api-key-csv.ts'
import { removeByValue } from './account-support/remove-by-value.ts'

/** CreateApiKey, GetApiKey(s), UpdateApiKey, DeleteApiKey, ImportApiKeys. */

const ONE = '/apikeys/{api_Key}'

// AWS's texts, recorded against AWS
export const UNKNOWN_API_KEY = 'Invalid API Key identifier specified'
const VALUE_TOO_SHORT = 'API Key value should be at least 20 characters'
const VALUE_TOO_LONG = 'API Key value exceeds maximum size of 128 characters'
const NAME_TOO_LONG = 'Invalid API Key name, can be at most 1024 characters.'
const BAD_DESCRIPTION = 'Invalid API Key description specified.'
// moto's text for a value another key has
const VALUE_TAKEN = 'API Key already exists'

const MAX_NAME = 1024
const MAX_DESCRIPTION = 125_000

export const unknownApiKey = (): ApiError => notFound(UNKNOWN_API_KEY)

/** the checks CreateApiKey and ImportApiKeys share; undefined when the value is fine */
function valueProblem(value: string): string | undefined {
  if (value.length < 20) return VALUE_TOO_SHORT
  if (value.length > 128) return VALUE_TOO_LONG
  return undefined
}

/** 40 characters of [A-Za-z0-9], the shape of the values AWS generates */
function generateValue(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  let value = ''
  while (value.length < 40) {
    for (const b of randomBytes(48)) if (b < 248 && value.length < 40) value += alphabet[b % 62]
  }
  return value
}

/** recorded against AWS: GetApiKeys ignores a limit outside 1..500 instead of rejecting it */
function lenientLimit(query: URLSearchParams): URLSearchParams {
  const text = query.get('limit')
  const n = Number(text)
  if (text === null || (Number.isInteger(n) && n >= 1 && n <= 500)) return query
  const copy = new URLSearchParams(query)
  copy.delete('limit')
  return copy
}

/** the key as AWS shows it: the value only when asked for */
export function showKey(key: ApiKey, includeValue: boolean): Record<string, unknown> {
  if (includeValue) return { ...key }
  const { value: _value, ...rest } = key
  return rest
}

function readStageKeys(body: Record<string, unknown>): Array<{ restApiId: string; stageName: string }> {
  const v = body.stageKeys
  if (v === undefined || v === null) return []
  if (!Array.isArray(v)) throw serializationError('stageKeys')
  return v.map((raw, i) => {
    if (raw === null || typeof raw !== 'object') throw serializationError(`stageKeys.${i}`)
    const restApiId = optionalString(raw as Record<string, unknown>, 'restApiId')
    const stageName = optionalString(raw as Record<string, unknown>, 'stageName')
    if (restApiId === undefined || stageName === undefined) throw badRequest('Invalid stage key specified')
    return { restApiId, stageName }
  })
}

/** `{restApiId}/{stageName}` of a stage that exists, or NotFoundException */
async function stageKey(services: ControlServices, restApiId: string, stageName: string): Promise<string> {
  // REST stages only: HTTP APIs have no API keys
  if ((await services.store.getStage(restApiId, stageName, 'REST')) === undefined) {
    throw notFound(`Invalid stage identifier specified`)
  }
  return `${restApiId}/${stageName}`
}

async function findKey(services: ControlServices, id: string): Promise<ApiKey> {
  const key = await services.store.getApiKey(id)
  if (!key) throw unknownApiKey()
  return key
}

function truthy(text: string | null): boolean {
  return text !== null && text.toLowerCase() === 'true'
}

const STAGE_PATH = '/stages'
const REPLACEABLE = ['/description', '/enabled', '/name', '/customerId']

function patchRules(pendingStages: Array<{ op: 'add' | 'remove'; value: string }>): PatchRule<ApiKey>[] {
  return [
    {
      path: '/description',
      ops: ['replace'],
      apply(key, { value }) {
        const text = (value as string | undefined) ?? ''
        if (text.length > MAX_DESCRIPTION) throw badRequest(BAD_DESCRIPTION)
        if (text === '') delete key.description
        else key.description = text
      },
    },
    {
      path: '/enabled',
      ops: ['replace'],
      // recorded against AWS: a value that is not "true" disables the key rather than failing
      apply(key, { value }) {
        key.enabled = typeof value === 'string' && value.toLowerCase() === 'true'
      },
    },
    {
      path: '/name',
      ops: ['replace'],
      apply(key, { value }) {
        const text = (value as string | undefined) ?? ''
        if (text.length > MAX_NAME) throw badRequest(NAME_TOO_LONG)
        if (text === '') delete key.name
        else key.name = text
      },
    },
    {
      path: '/customerId',
      ops: ['replace'],
      apply(key, { value }) {
        const text = (value as string | undefined) ?? ''
        if (text === '') delete key.customerId
        else key.customerId = text
      },
    },
    {
      path: STAGE_PATH,
      ops: ['add'],
      apply(_key, { value }) {
        if (typeof value !== 'string' || !/^[^/]+\/[^/]+$/.test(value)) throw badRequest('Invalid stage key specified')
        pendingStages.push({ op: 'add', value })
      },
    },
    {
      // `remove /stages value={restApiId}/{stage}`, rewritten by removeByValue
      path: `${STAGE_PATH}/{stageKey}`,
      ops: ['remove'],
      apply(_key, { params }) {
        pendingStages.push({ op: 'remove', value: params.stageKey! })
      },
    },
  ]
}

function storeFailure(error: unknown): unknown {
  if (error instanceof StoreConflictError) return conflict(VALUE_TAKEN)
  if (error instanceof StoreMissingError) return notFound(error.message)
  if (error instanceof StoreLimitError) return new ApiError('LimitExceededException', error.message)
  return error
}

/** ImportApiKeys first: it shares CreateApiKey's verb and path and differs by `?mode=import` */
export const apiKeyOperations: Operation[] = [
  {
    name: 'ImportApiKeys',
    method: 'POST',
    path: '/apikeys',
    query: { mode: 'import' },
    successStatus: 201,
    rawBody: true,
    async handler({ query, rawBody }, services) {
      const format = query.get('format')
      if (format === null || format === '') throw badRequest('Format must be specified')
      if (format.toLowerCase() !== 'csv') {
        throw new ApiError(
          'ValidationException',
          `1 validation error detected: Value '${format}' at 'format' failed to satisfy constraint: Member must satisfy enum value set: [csv]`,
        )
      }
      const failOnWarnings = truthy(query.get('failonwarnings'))
      const rows = parseApiKeyCsv(rawBody.toString('utf8'))
      const warnings: string[] = []
      const now = services.now()
      const entries = []
      for (const row of rows) {
        const problem =
          row.key === ''
            ? 'API Key value is missing'
            : (valueProblem(row.key) ?? (row.name.length > MAX_NAME ? NAME_TOO_LONG : undefined))
        if (problem) {
          warnings.push(`Line ${row.line}: ${problem}`)
          continue
        }
        for (const planId of row.usagePlanIds) {
          if (!(await services.store.getUsagePlan(planId))) throw notFound('Invalid Usage Plan ID specified')
        }
        entries.push({
          key: {
            id: newId(),
            value: row.key,
            ...(row.name !== '' && { name: row.name }),
            ...(row.description !== '' && { description: row.description }),
            enabled: row.enabled,
            createdDate: now,
            lastUpdatedDate: now,
            stageKeys: [],
          },
          usagePlanIds: row.usagePlanIds,
        })
      }
      if (failOnWarnings && warnings.length > 0) throw badRequest(`Invalid API key file: ${warnings.join('; ')}`)
      let stored: ApiKey[]
      try {
        stored = await services.store.importApiKeys(entries)
      } catch (error) {
        throw storeFailure(error)
      }
      // a value listed twice is one key
      return { ids: [...new Set(stored.map((k) => k.id))], ...(warnings.length > 0 && { warnings }) }
    },
  },
  {
    name: 'CreateApiKey',
    method: 'POST',
    path: '/apikeys',
    successStatus: 201,
    async handler({ body }, services) {
      const name = optionalString(body, 'name')
      if (name !== undefined && name.length > MAX_NAME) throw badRequest(NAME_TOO_LONG)
      const given = optionalString(body, 'value')
      if (given !== undefined && given !== '') {
        const problem = valueProblem(given)
        if (problem) throw badRequest(problem)
      }
      const description = optionalString(body, 'description')
      if (description !== undefined && description.length > MAX_DESCRIPTION) throw badRequest(BAD_DESCRIPTION)
      const customerId = optionalString(body, 'customerId')
      const enabled = optionalBoolean(body, 'enabled') ?? false
      // generateDistinctId is deprecated: ids are always distinct from values
      optionalBoolean(body, 'generateDistinctId')
      const tags = optionalStringMap(body, 'tags')
      const stageKeys: string[] = []
      for (const { restApiId, stageName } of readStageKeys(body)) {
        const k = await stageKey(services, restApiId, stageName)
        if (!stageKeys.includes(k)) stageKeys.push(k)
      }
      const now = services.now()
      const key: ApiKey = {
        id: newId(),
        value: given !== undefined && given !== '' ? given : generateValue(),
        ...(name !== undefined && name !== '' && { name }),
        ...(customerId !== undefined && customerId !== '' && { customerId }),
        ...(description !== undefined && description !== '' && { description }),
        enabled,
        createdDate: now,
        lastUpdatedDate: now,
        stageKeys,
        ...(tags !== undefined && { tags }),
      }
      try {
        await services.store.createApiKey(key)
      } catch (error) {
        throw storeFailure(error)
      }
      return showKey(key, true)
    },
  },
  {
    name: 'GetApiKey',
    method: 'GET',
    path: ONE,
    successStatus: 200,
    async handler({ params, query }, services) {
      return showKey(await findKey(services, params.api_Key!), truthy(query.get('includeValue')))
    },
  },
  {
    name: 'GetApiKeys',
    method: 'GET',
    path: '/apikeys',
    successStatus: 200,
    async handler({ query }, services) {
      const name = query.get('name')
      const customerId = query.get('customerId')
      const includeValues = truthy(query.get('includeValues'))
      // newest first and a case-sensitive name prefix, as recorded against AWS
      const keys = (await services.store.listApiKeys())
        .reverse()
        .filter((k) => !name || (k.name ?? '').startsWith(name))
        .filter((k) => !customerId || k.customerId === customerId)
      const page = paginate(keys, lenientLimit(query))
      return { ...page, item: page.item.map((k) => showKey(k, includeValues)) }
    },
  },
  {
    name: 'UpdateApiKey',
    method: 'PATCH',
    path: ONE,
    successStatus: 200,
    async handler({ params, body }, services) {
      const key = await findKey(services, params.api_Key!)
      const pendingStages: Array<{ op: 'add' | 'remove'; value: string }> = []
      const operations = removeByValue(body.patchOperations, [STAGE_PATH])
      // AWS lists only the replaceable paths in this text (recorded against AWS)
      const wrong = operations.find((o) => o.op === 'replace' && !REPLACEABLE.includes(o.path))
      if (wrong) throw invalidPatchPath(wrong.op, wrong.path, REPLACEABLE)
      const patched = applyPatch(key, operations, patchRules(pendingStages), { ops: ['add', 'remove', 'replace'] })
      for (const { op, value } of pendingStages) {
        const [restApiId, stageName] = value.split('/') as [string, string]
        if (op === 'add') {
          const k = await stageKey(services, restApiId, stageName)
          if (!patched.stageKeys.includes(k)) patched.stageKeys.push(k)
        } else {
          patched.stageKeys = patched.stageKeys.filter((k) => k !== value)
        }
      }
      patched.lastUpdatedDate = services.now()
      try {
        await services.store.updateApiKey(patched)
      } catch (error) {
        throw updateFailure(error)
      }
      // recorded against AWS: the answer has no value and always has tags
      return { ...showKey(patched, false), tags: patched.tags ?? {} }
    },
  },
  {
    name: 'DeleteApiKey',
    method: 'DELETE',
    path: ONE,
    successStatus: 202,
    async handler({ params }, services) {
      if (!(await services.store.deleteApiKey(params.api_Key!))) throw unknownApiKey()
      return undefined
    },
  },
]

/** UpdateApiKey's store failures: another key has the value, or the key went away meanwhile. */
function updateFailure(error: unknown): unknown {
  if (error instanceof StoreMissingError) return unknownApiKey()
  return storeFailure(error)
}
