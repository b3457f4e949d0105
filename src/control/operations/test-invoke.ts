import { randomUUID } from 'node:crypto'
import type { RestApiDefinition, Resource } from '../../model/index.ts'
import { compilePlan } from '../../compile/compile.ts'
import { createUpstreamPools } from '../../integrations/index.ts'
import { HeaderMap } from '../../lib/multi-map.ts'
import { badRequest, notFound } from '../protocol/errors.ts'
import type { Operation } from '../protocol/operation.ts'
import { loadApi } from './support/api-access.ts'
import { optionalObject, optionalString, optionalStringMap, serializationError } from './support/input.ts'
import { DEFAULT_METHOD_SETTING } from './support/method-settings.ts'
import { javaDate } from '../../lib/java-date.ts'

/**
 * TestInvokeMethod: runs one method of the API's current (undeployed) definition, through the
 * same compiled stages a deployment serves, and answers AWS's shape: status, body, the method's
 * response headers, the execution log and the latency.
 *
 * As on AWS (recorded against AWS): the method is chosen by resource and verb, not by routing
 * `pathWithQueryString`; path parameters are read from that path when it fits the resource's
 * template and are empty otherwise; without a path the template itself is the path, so
 * `{petId}` is the value of `petId`. The stage is `test-invoke-stage`.
 */

export const TEST_INVOKE_STAGE = 'test-invoke-stage'

export const testInvokeOperations: Operation[] = [
  {
    name: 'TestInvokeMethod',
    method: 'POST',
    path: '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}',
    successStatus: 200,
    async handler({ params, body }, services) {
      const apiId = params.restapi_id!
      const verb = params.http_method!.toUpperCase()
      const { definition } = await loadApi(services, apiId)
      const resource = definition.resources.find((r) => r.id === params.resource_id)
      if (!resource) throw notFound('Invalid Resource identifier specified')
      const methodVerb = resource.resourceMethods?.[verb] ? verb : resource.resourceMethods?.ANY ? 'ANY' : undefined
      if (!methodVerb) throw notFound('Invalid Method identifier specified')
      const { testInvoker } = services
      if (!testInvoker) throw badRequest('TestInvokeMethod is not available on this server')

      const pathWithQuery = optionalString(body, 'pathWithQueryString') || resource.path
      const q = pathWithQuery.indexOf('?')
      const rawPath = q < 0 ? pathWithQuery : pathWithQuery.slice(0, q)
      const rawQuery = q < 0 ? '' : pathWithQuery.slice(q + 1)
      const headers = requestHeaders(body)
      const stageVariables = optionalStringMap(body, 'stageVariables') ?? {}
      const requestBody = Buffer.from(optionalString(body, 'body') ?? '', 'utf8')
      const requestId = randomUUID()
      const startedAt = new Date()
      const upstream = createUpstreamPools({ connections: 4, keepAliveTimeoutMs: 1_000 })
      const lines: string[] = []
      let outcome
      try {
        let plan
        try {
          plan = compilePlan({
            snapshot: singleMethod(definition, resource, methodVerb),
            deploymentId: 'test-invoke',
            stage: {
              stageName: TEST_INVOKE_STAGE,
              deploymentId: 'test-invoke',
              cacheClusterEnabled: false,
              // full logging: the plan keeps the request body buffered for the log, as AWS's test log shows it
              methodSettings: { '*/*': { ...DEFAULT_METHOD_SETTING, loggingLevel: 'INFO', dataTraceEnabled: true } },
              tracingEnabled: false,
              variables: stageVariables,
              createdDate: 0,
              lastUpdatedDate: 0,
            },
            upstream,
            ...(services.invoker && { invoker: services.invoker }),
            ...(services.services && { services: services.services }),
          })
        } catch (error) {
          lines.push(`Execution failed due to configuration error: ${(error as Error).message}`, 'Method completed with status: 500')
          return answer(requestId, startedAt, rawPath, verb, lines, {
            status: 500,
            headers: [['x-amzn-ErrorType', 'InternalServerErrorException']],
            body: Buffer.from('{"message": "Internal server error"}'),
            latencyMs: 0,
          })
        }
        const match = plan.match(verb, resource.path)
        if (!match) throw notFound('Invalid Method identifier specified')
        outcome = await testInvoker.invokeMethod({
          plan,
          method: match.method,
          requestId,
          httpMethod: verb,
          rawPath,
          rawQuery,
          pathParameters: pathParametersOf(resource.path, rawPath),
          headers,
          body: requestBody,
        })
      } finally {
        await upstream.close()
      }
      lines.push(...outcome.log)
      if (!lines.at(-1)?.startsWith('Method completed with status:')) lines.push(`Method completed with status: ${outcome.status}`)
      return answer(requestId, startedAt, rawPath, verb, lines, outcome)
    },
  },
]

function answer(
  requestId: string,
  startedAt: Date,
  path: string,
  verb: string,
  lines: string[],
  outcome: { status: number; headers: Array<[string, string]>; body: Buffer; latencyMs: number },
) {
  const stamp = javaDate(startedAt)
  const log = [
    `Execution log for request ${requestId}`,
    ...[`Starting execution for request: ${requestId}`, `HTTP Method: ${verb}, Resource Path: ${decodeSafe(path)}`, ...lines].map((l) => `${stamp} : ${l}`),
    '',
  ].join('\n')
  const headers: Record<string, string> = {}
  const multiValueHeaders: Record<string, string[]> = {}
  for (const [name, value] of outcome.headers) {
    headers[name] = value
    ;(multiValueHeaders[name] ??= []).push(value)
  }
  return { status: outcome.status, body: outcome.body.toString('utf8'), headers, multiValueHeaders, log, latency: outcome.latencyMs }
}

/** The API reduced to one method of one resource: other methods cannot break its compilation. */
function singleMethod(definition: RestApiDefinition, resource: Resource, verb: string): RestApiDefinition {
  return { ...definition, resources: [{ ...resource, resourceMethods: { [verb]: resource.resourceMethods![verb]! } }] }
}

export function requestHeaders(body: Record<string, unknown>): HeaderMap {
  const map = new HeaderMap()
  for (const [name, value] of Object.entries(optionalStringMap(body, 'headers') ?? {})) map.append(name, value)
  const multi = optionalObject(body, 'multiValueHeaders') ?? {}
  for (const [name, values] of Object.entries(multi)) {
    if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) throw serializationError(`multiValueHeaders.${name}`)
    map.delete(name)
    for (const v of values as string[]) map.append(name, v)
  }
  return map
}

/** Path parameters of `path` under `template` (`/pets/{petId}`, `/{proxy+}`); empty when it does not fit. */
export function pathParametersOf(template: string, path: string): Record<string, string> {
  const want = template.split('/').filter((s) => s !== '')
  const have = path.split('/').filter((s) => s !== '')
  const params: Record<string, string> = {}
  for (let i = 0; i < want.length; i++) {
    const part = want[i]!
    const greedy = /^\{(.+)\+\}$/.exec(part)
    if (greedy) {
      if (i >= have.length) return {}
      params[greedy[1]!] = have.slice(i).map(decodeSafe).join('/')
      return params
    }
    const segment = have[i]
    if (segment === undefined) return {}
    const param = /^\{(.+)\}$/.exec(part)
    if (param) params[param[1]!] = decodeSafe(segment)
    else if (decodeSafe(segment) !== part) return {}
  }
  return have.length === want.length ? params : {}
}

export function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
