import type { CanarySettings, Stage } from '../../../model/index.ts'
import { badRequest } from '../../protocol/errors.ts'
import { decodePatchPath, type PatchOperation } from '../../protocol/patch-path.ts'
import { readOperations } from '../../protocol/patch.ts'
import { METHOD_SETTING_FIELDS, methodSettingKey, newMethodSetting } from './method-settings.ts'

/**
 * UpdateStage's patch operations. Stage paths mix plain fields, maps, canary settings and
 * method settings addressed by resource path, and AWS answers each family's mistakes with its
 * own text (recorded against AWS, see test/control/stages.test.ts), so they are interpreted
 * here rather than by the generic engine. Works on a copy; the caller saves it.
 */

export const CACHE_CLUSTER_SIZES = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'] as const

// AWS's list, with its own punctuation (missing commas and all), recorded against AWS
const VALID_PATHS =
  '[/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, /clientCertificateId, /accessLogSettings, /accessLogSettings/destinationArn, /accessLogSettings/format, ' +
  '/{resourcePath}/{httpMethod}/metrics/enabled, /{resourcePath}/{httpMethod}/logging/dataTrace, /{resourcePath}/{httpMethod}/logging/loglevel, ' +
  '/{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit/{resourcePath}/{httpMethod}/caching/ttlInSeconds, ' +
  '/{resourcePath}/{httpMethod}/caching/enabled, /{resourcePath}/{httpMethod}/caching/dataEncrypted, /{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, ' +
  '/{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, /*/*/metrics/enabled, /*/*/logging/dataTrace, /*/*/logging/loglevel, ' +
  '/*/*/throttling/burstLimit /*/*/throttling/rateLimit /*/*/caching/ttlInSeconds, /*/*/caching/enabled, /*/*/caching/dataEncrypted, ' +
  '/*/*/caching/requireAuthorizationForCacheControl, /*/*/caching/unauthorizedCacheControlHeaderStrategy, /variables/{variable_name}, /tracingEnabled]'

export const invalidStagePath = (path: string) => badRequest(`Invalid method setting path: ${path}. Must be one of: ${VALID_PATHS}`)
const cannotRemove = (what: string) => badRequest(`Cannot remove method setting ${what} because there is no method setting for this method `)
export const UNKNOWN_DEPLOYMENT_ID = 'Deployment id does not exist'
/** Portico's text (AWS's is not recorded), shaped like the deployment id's */
export const UNKNOWN_DOCUMENTATION_VERSION = 'Documentation version does not exist'

const CANARY_PATHS = [/^\/canarySettings\/percentTraffic$/, /^\/canarySettings\/deploymentId$/, /^\/canarySettings\/stageVariableOverrides\/.+$/, /^\/canarySettings\/useStageCache$/]

export interface StagePatchContext {
  deploymentExists(deploymentId: string): Promise<boolean>
  documentationVersionExists(version: string): Promise<boolean>
}

/** Applies `operations` to a copy of `stage`; throws AWS's error for the first bad operation. */
export async function patchStage(stage: Stage, operations: unknown, context: StagePatchContext): Promise<Stage> {
  const next = structuredClone(stage)
  for (const op of readOperations(operations)) await applyOne(next, op, context)
  return next
}

async function applyOne(stage: Stage, op: PatchOperation, context: StagePatchContext): Promise<void> {
  const { path } = op
  if (op.op === 'copy') return copy(stage, op)
  if (path.startsWith('/canarySettings')) return canary(stage, op, context)
  if (path.startsWith('/accessLogSettings')) return accessLog(stage, op)
  const segments = decodePatchPath(path)
  const value = op.value
  const write = op.op === 'add' || op.op === 'replace'

  switch (path) {
    case '/deploymentId':
      if (op.op !== 'replace') break
      if (value === undefined || !(await context.deploymentExists(value))) throw badRequest(UNKNOWN_DEPLOYMENT_ID)
      stage.deploymentId = value
      return
    case '/description':
    case '/clientCertificateId':
    case '/documentationVersion':
    case '/webAclArn': {
      if (path === '/documentationVersion' && write && value !== undefined && value !== '' && !(await context.documentationVersionExists(value))) {
        throw badRequest(UNKNOWN_DOCUMENTATION_VERSION)
      }
      const member = path.slice(1) as 'description' | 'clientCertificateId' | 'documentationVersion' | 'webAclArn'
      if (op.op === 'remove' || (write && (value === undefined || value === ''))) delete stage[member]
      else if (write) stage[member] = value
      else break
      return
    }
    case '/cacheClusterEnabled':
      if (!write) break
      stage.cacheClusterEnabled = bool(value, path)
      if (stage.cacheClusterEnabled) stage.cacheClusterSize ??= '0.5'
      stage.cacheClusterStatus = stage.cacheClusterEnabled ? 'AVAILABLE' : 'NOT_AVAILABLE'
      return
    case '/cacheClusterSize':
      if (!write) break
      if (value === undefined || !(CACHE_CLUSTER_SIZES as readonly string[]).includes(value)) {
        throw badRequest(`Invalid cache cluster size specified: ${value ?? 'null'}. Must be one of: [${CACHE_CLUSTER_SIZES.join(', ')}]`)
      }
      stage.cacheClusterSize = value
      return
    case '/tracingEnabled':
      if (!write) break
      stage.tracingEnabled = value?.toLowerCase() === 'true'
      return
  }

  if (segments[0] === 'variables' && segments.length === 2 && segments[1] !== '') {
    const name = segments[1]!
    if (op.op === 'remove') {
      if (stage.variables) delete stage.variables[name]
    } else if (write) {
      if (!/^[A-Za-z0-9_]{1,64}$/.test(name)) throw badRequest(`Stage variable name ${name} must contain only alphanumeric characters and underscores and be at most 64 characters`)
      if (value === undefined || value.length > 512) throw badRequest(`Stage variable value ${value ?? 'null'} must be at most 512 characters`)
      stage.variables = { ...stage.variables, [name]: value }
    } else throw invalidStagePath(path)
    if (stage.variables && Object.keys(stage.variables).length === 0) delete stage.variables
    return
  }

  // method settings: /{resourcePath}/{httpMethod}/{group}/{name}, or remove /{resourcePath}/{httpMethod};
  // keyed by the raw path text, as AWS does
  const raw = path.replace(/^\//, '').split('/')
  if (op.op === 'remove') {
    const key = methodSettingKey(raw)
    if (key !== undefined) {
      if (!stage.methodSettings[key]) throw cannotRemove(key)
      delete stage.methodSettings[key]
      return
    }
  }
  if (raw.length >= 4) {
    const field = METHOD_SETTING_FIELDS[raw.slice(-2).join('/')]
    const key = methodSettingKey(raw.slice(0, -2))
    if (field && key !== undefined && write) {
      if (value === undefined) throw badRequest(`Invalid null or empty value for path '${path}'`)
      const setting = stage.methodSettings[key] ?? newMethodSetting(stage.methodSettings, key)
      stage.methodSettings = { ...stage.methodSettings, [key]: { ...setting, [field.member]: field.parse(value, path) } }
      return
    }
  }
  throw invalidStagePath(path)
}

/** Promotion: copy the canary's deployment or stage-variable overrides onto the stage itself. */
function copy(stage: Stage, op: PatchOperation): void {
  const from = op.from ?? ''
  if (!(op.path === '/deploymentId' && from === '/canarySettings/deploymentId') && !(op.path === '/variables' && from === '/canarySettings/stageVariableOverrides')) {
    throw badRequest(
      `Invalid copy operation with path: ${op.path} and from ${from}. Valid copy:path are [/deploymentId, /variables] and valid copy:from are [/canarySettings/deploymentId, /canarySettings/stageVariableOverrides]`,
    )
  }
  const canary = stage.canarySettings
  if (!canary) throw badRequest('Promotion not available. Canary does not exist.')
  if (op.path === '/deploymentId') {
    if (canary.deploymentId !== undefined) stage.deploymentId = canary.deploymentId
  } else {
    const merged = { ...stage.variables, ...canary.stageVariableOverrides }
    if (Object.keys(merged).length > 0) stage.variables = merged
  }
}

async function canary(stage: Stage, op: PatchOperation, context: StagePatchContext): Promise<void> {
  const { path, value } = op
  if (path === '/canarySettings' && op.op === 'remove') {
    delete stage.canarySettings
    return
  }
  const known = CANARY_PATHS.some((re) => re.test(path))
  if (op.op !== 'replace') {
    if (known) throw badRequest(`Invalid ${op.op} operation with path: ${path}`)
    throw cannotRemoveOrOp(op.op, path)
  }
  if (!known) throw invalidStagePath(path)
  // the first write creates the canary, pointing at the stage's own deployment (recorded against AWS)
  const settings: CanarySettings = { deploymentId: stage.deploymentId, percentTraffic: 0, useStageCache: false, ...stage.canarySettings }
  const segments = decodePatchPath(path)
  switch (segments[1]) {
    case 'percentTraffic': {
      const n = Number(value)
      if (value === undefined || value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) {
        throw badRequest(`Invalid percentTraffic specified: ${value ?? 'null'}. Must be between 0.0 and 100.0`)
      }
      settings.percentTraffic = n
      break
    }
    case 'deploymentId':
      if (value === undefined || !(await context.deploymentExists(value))) throw badRequest(UNKNOWN_DEPLOYMENT_ID)
      settings.deploymentId = value
      break
    case 'useStageCache':
      settings.useStageCache = bool(value, path)
      break
    case 'stageVariableOverrides':
      if (value === undefined) throw badRequest(`Invalid null or empty value for path '${path}'`)
      settings.stageVariableOverrides = { ...settings.stageVariableOverrides, [segments[2]!]: value }
      break
  }
  stage.canarySettings = settings
}

function cannotRemoveOrOp(op: string, path: string) {
  const what = path.replace(/^\//, '')
  return op === 'remove' ? cannotRemove(what) : badRequest(`Cannot ${op} method setting ${what} because there is no method setting for this method `)
}

function accessLog(stage: Stage, op: PatchOperation): void {
  const { path, value } = op
  if (op.op === 'remove') {
    if (path !== '/accessLogSettings') throw cannotRemove(path.replace(/^\//, ''))
    delete stage.accessLogSettings
    return
  }
  if (op.op !== 'add' && op.op !== 'replace') throw invalidStagePath(path)
  if (path !== '/accessLogSettings/destinationArn' && path !== '/accessLogSettings/format') {
    throw badRequest('Invalid accessLogSettings path. Must be one of : [/accessLogSettings/destinationArn, /accessLogSettings/format]')
  }
  if (value === undefined || value === '') throw badRequest('Access Log value must not be empty')
  const member = path === '/accessLogSettings/format' ? 'format' : 'destinationArn'
  if (member === 'format') checkAccessLogFormat(value)
  stage.accessLogSettings = { ...stage.accessLogSettings, [member]: value }
}

const LOG_ID_VARIABLE = /\$context\.(requestId|extendedRequestId)(?![A-Za-z0-9_.-])/

/**
 * AWS's rules for a REST stage's access-log format: one line (a newline only at its very end),
 * naming `$context.requestId` or `$context.extendedRequestId` (set-up-access-logging: "must
 * include at least"). The texts are as another emulator recorded them from AWS; unverified here.
 */
function checkAccessLogFormat(format: string): void {
  if (/[\r\n]/.test(format.replace(/\r?\n$|\r$/, ''))) {
    throw badRequest(`Access Log format must be single line, new line character is allowed only at end of the format: '${format}'`)
  }
  if (!LOG_ID_VARIABLE.test(format)) {
    throw badRequest(`Access Log format must include either $context.requestId or $context.extendedRequestId : '${format}'`)
  }
}

function bool(value: string | undefined, path: string): boolean {
  const lower = value?.toLowerCase()
  if (lower !== 'true' && lower !== 'false') throw badRequest(`Invalid boolean value '${value ?? 'null'}' specified for path '${path}'`)
  return lower === 'true'
}
