import type { HttpApiDefinition, V2AccessLogSettings, V2RouteSettings, V2Stage } from '../../../model/index.ts'
import { badRequest, notFound } from '../../protocol/errors.ts'
import type { ControlServices } from '../../protocol/operation.ts'
import { optionalBoolean, optionalNumber, optionalObject, optionalString, optionalStringMap } from '../support/input.ts'
import { serializationError } from '../../protocol/errors.ts'

/** Reading and checking the stage members of CreateStage and UpdateStage (HTTP APIs). */

const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/
const VARIABLE_NAME = /^[A-Za-z0-9_]+$/
const VARIABLE_VALUE = /^[A-Za-z0-9\-._~:/?#&=,]+$/

export function checkStageName(stageName: string): void {
  if (stageName !== '$default' && !STAGE_NAME.test(stageName)) {
    throw badRequest('Stage name only allows a-zA-Z0-9_- (1 to 128 characters) or is $default')
  }
}

/** A stage with AWS's defaults and nothing deployed. */
export function newStage(services: ControlServices, stageName: string): V2Stage {
  const now = services.now()
  return {
    stageName,
    autoDeploy: false,
    defaultRouteSettings: { detailedMetricsEnabled: false },
    routeSettings: {},
    stageVariables: {},
    createdDate: now,
    lastUpdatedDate: now,
  }
}

function routeSettings(value: Record<string, unknown>, member: string): V2RouteSettings {
  const settings: V2RouteSettings = {}
  const detailed = optionalBoolean(value, 'detailedMetricsEnabled')
  if (detailed !== undefined) settings.detailedMetricsEnabled = detailed
  const burst = optionalNumber(value, 'throttlingBurstLimit')
  if (burst !== undefined) {
    if (!Number.isInteger(burst) || burst < 0) throw badRequest(`${member}.throttlingBurstLimit must be a non-negative integer`)
    settings.throttlingBurstLimit = burst
  }
  const rate = optionalNumber(value, 'throttlingRateLimit')
  if (rate !== undefined) {
    if (rate < 0) throw badRequest(`${member}.throttlingRateLimit must not be negative`)
    settings.throttlingRateLimit = rate
  }
  // execution logs (and their data trace) exist only for WebSocket APIs: AWS's text
  if (optionalString(value, 'loggingLevel') !== undefined || optionalBoolean(value, 'dataTraceEnabled') === true) {
    throw badRequest('Execution logs are not supported on protocolType HTTP')
  }
  return settings
}

function accessLogSettings(value: Record<string, unknown>): V2AccessLogSettings {
  const settings: V2AccessLogSettings = {}
  const format = optionalString(value, 'format')
  const destinationArn = optionalString(value, 'destinationArn')
  if (format !== undefined) {
    if (!format.includes('$context.requestId') && !format.includes('$context.extendedRequestId')) {
      throw badRequest('Access Log format must contain at least $context.requestId or $context.extendedRequestId')
    }
    settings.format = format
  }
  if (destinationArn !== undefined) settings.destinationArn = destinationArn
  return settings
}

function stageVariables(variables: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(variables)) {
    if (!VARIABLE_NAME.test(name)) throw badRequest(`Stage variable name ${name} can only contain alphanumerics and underscores`)
    if (value.length > 2048 || !VARIABLE_VALUE.test(value)) {
      throw badRequest(`Stage variable value ${value} can only contain alphanumerics and the characters -._~:/?#&=, (at most 2048)`)
    }
  }
  return variables
}

/**
 * Applies CreateStage's or UpdateStage's members to `stage`: each member given replaces the
 * stage's, except `routeSettings`, merged by route key (DeleteRouteSettings removes one).
 * Route settings must name the API's routes, with AWS's 404 text.
 */
export function applyStageMembers(stage: V2Stage, body: Record<string, unknown>, definition: HttpApiDefinition): void {
  const description = optionalString(body, 'description')
  if (description !== undefined) stage.description = description
  const autoDeploy = optionalBoolean(body, 'autoDeploy')
  if (autoDeploy !== undefined) stage.autoDeploy = autoDeploy
  if (optionalString(body, 'clientCertificateId') !== undefined) throw badRequest('Client certificates are supported only for WebSocket APIs')
  const defaults = optionalObject(body, 'defaultRouteSettings')
  if (defaults !== undefined) stage.defaultRouteSettings = { detailedMetricsEnabled: false, ...routeSettings(defaults, 'defaultRouteSettings') }
  const perRoute = optionalObject(body, 'routeSettings')
  if (perRoute !== undefined) {
    for (const [routeKey, value] of Object.entries(perRoute)) {
      if (!definition.routes.some((route) => route.routeKey === routeKey)) {
        throw notFound(`Unable to find Route by key ${routeKey} within the provided RouteSettings`)
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw serializationError(`routeSettings.${routeKey}`)
      stage.routeSettings[routeKey] = routeSettings(value as Record<string, unknown>, `routeSettings.${routeKey}`)
    }
  }
  const variables = optionalStringMap(body, 'stageVariables')
  if (variables !== undefined) stage.stageVariables = stageVariables(variables)
  const logs = optionalObject(body, 'accessLogSettings')
  if (logs !== undefined) stage.accessLogSettings = accessLogSettings(logs)
}
