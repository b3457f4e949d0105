import type { V2Cors, V2ParameterConstraints } from '../../../model/index.ts'
import { badRequest, serializationError } from '../../protocol/errors.ts'
import { optionalBoolean, optionalNumber, optionalObject, optionalString, optionalStringList, optionalStringMap } from '../support/input.ts'

/** Body readers apigatewayv2 needs beyond support/input.ts's. */

/** A missing required member, in the words AWS's front end uses for its own validation. */
export function missingMember(member: string): never {
  throw badRequest(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`)
}

export function requiredMember(body: Record<string, unknown>, member: string): string {
  return optionalString(body, member) ?? missingMember(member)
}

/** A string member that must be one of `allowed`. */
export function optionalEnum<T extends string>(body: Record<string, unknown>, member: string, allowed: readonly T[]): T | undefined {
  const value = optionalString(body, member)
  if (value === undefined) return undefined
  if (!(allowed as readonly string[]).includes(value)) {
    throw badRequest(`Invalid ${member} specified: '${value}'. Must be one of [${allowed.join(', ')}]`)
  }
  return value as T
}

/** An integer member within [min, max]. */
export function optionalInteger(body: Record<string, unknown>, member: string, min: number, max: number, message?: string): number | undefined {
  const value = optionalNumber(body, member)
  if (value === undefined) return undefined
  if (!Number.isInteger(value) || value < min || value > max) throw badRequest(message ?? `${member} must be an integer between ${min} and ${max}`)
  return value
}

/** `{statusCode: {key: value}}` (an integration's responseParameters). */
export function optionalStringMapMap(body: Record<string, unknown>, member: string): Record<string, Record<string, string>> | undefined {
  const value = optionalObject(body, member)
  if (value === undefined) return undefined
  const out: Record<string, Record<string, string>> = {}
  for (const key of Object.keys(value)) {
    const map = optionalStringMap(value, key)
    if (map === undefined) throw serializationError(`${member}.${key}`)
    out[key] = map
  }
  return out
}

/** `{key: {required: bool}}` (WebSocket route and route response parameters). */
export function optionalConstraints(body: Record<string, unknown>, member: string): Record<string, V2ParameterConstraints> | undefined {
  const value = optionalObject(body, member)
  if (value === undefined) return undefined
  const out: Record<string, V2ParameterConstraints> = {}
  for (const key of Object.keys(value)) {
    const entry = optionalObject(value, key)
    if (entry === undefined) throw serializationError(`${member}.${key}`)
    out[key] = { required: optionalBoolean(entry, 'required') ?? false }
  }
  return out
}

/** botocore `Cors`, checked: maxAge -1..86400; credentials never with a wildcard origin. */
export function optionalCors(body: Record<string, unknown>, member: string): V2Cors | undefined {
  const value = optionalObject(body, member)
  if (value === undefined) return undefined
  const cors: V2Cors = {}
  const allowCredentials = optionalBoolean(value, 'allowCredentials')
  if (allowCredentials !== undefined) cors.allowCredentials = allowCredentials
  for (const list of ['allowHeaders', 'allowMethods', 'allowOrigins', 'exposeHeaders'] as const) {
    const items = optionalStringList(value, list)
    if (items !== undefined) cors[list] = items
  }
  const maxAge = optionalInteger(value, 'maxAge', -1, 86400, 'CORS maxAge must be between -1 and 86400 seconds')
  if (maxAge !== undefined) cors.maxAge = maxAge
  if (cors.allowCredentials === true && cors.allowOrigins?.includes('*')) {
    throw badRequest("allow-credentials cannot be used with allow-origin '*'. Specify the origins that are allowed to send credentials.")
  }
  return cors
}

/** Sets `target[member]` to `value` when given (undefined: unchanged, as a partial update leaves it). */
export function assignDefined<T extends object, K extends keyof T>(target: T, member: K, value: T[K] | undefined): void {
  if (value !== undefined) target[member] = value
}
