/**
 * `portico cors enable <apiId> --resource <path|id>`: what the API Gateway console's "Enable
 * CORS" does to a REST API resource (how-to-cors-console), through the management API:
 *
 * - an OPTIONS method (authorization NONE) with a MOCK integration (`{"statusCode": 200}`,
 *   passthrough WHEN_NO_MATCH), a 200 method response declaring Access-Control-Allow-Headers,
 *   -Methods and -Origin (model Empty) and a 200 integration response setting them to static
 *   values: by default 'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token',
 *   the resource's methods and OPTIONS, and '*';
 * - Access-Control-Allow-Origin on the 200 response of every other method of the resource
 *   (method response and integration response), as the console does; proxy integrations have no
 *   integration responses, so their backend must send the header itself (as on AWS);
 * - with `--gateway-responses`, the same headers on DEFAULT_4XX and DEFAULT_5XX, so errors
 *   reach the browser too (the console's gateway-response checkboxes).
 * Like the console, it does not deploy: the change is served after the next deployment.
 */
import type { Method, Resource } from '../model/index.ts'
import type { ManagementClient } from './management-client.ts'

export const DEFAULT_ALLOW_HEADERS = 'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token'
const ALL_VERBS = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT']
const HEADER = 'method.response.header.'
const ALLOW_ORIGIN = 'Access-Control-Allow-Origin'
const CORS_HEADERS = ['Access-Control-Allow-Headers', 'Access-Control-Allow-Methods', ALLOW_ORIGIN] as const

export interface CorsOptions {
  resource?: string | undefined
  origin?: string | undefined
  methods?: string | undefined
  headers?: string | undefined
  'gateway-responses'?: boolean | undefined
}

export async function corsCommand(client: ManagementClient, args: string[], options: CorsOptions, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const [sub, apiId] = args
  if (sub !== 'enable' || apiId === undefined || args.length !== 2 || options.resource === undefined) {
    err.write(`portico: usage: portico cors enable <apiId> --resource <path|id> [--origin '*'] [--methods GET,POST] [--headers ${DEFAULT_ALLOW_HEADERS}] [--gateway-responses]\n`)
    return 2
  }
  const resources = await allResources(client, apiId)
  const resource = resources.find((r) => r.id === options.resource || r.path === options.resource)
  if (!resource) {
    err.write(`portico: API ${apiId} has no resource with path or id ${JSON.stringify(options.resource)}\n`)
    return 1
  }
  const existing = Object.entries(resource.resourceMethods ?? {}).filter(([verb]) => verb !== 'OPTIONS')
  const values = {
    'Access-Control-Allow-Headers': options.headers ?? DEFAULT_ALLOW_HEADERS,
    'Access-Control-Allow-Methods': allowedMethods(options.methods, existing.map(([verb]) => verb)),
    'Access-Control-Allow-Origin': options.origin ?? '*',
  }
  const base = `/restapis/${encodeURIComponent(apiId)}/resources/${encodeURIComponent(resource.id)}/methods`
  if (resource.resourceMethods?.['OPTIONS']) {
    await client.json({ method: 'DELETE', path: `${base}/OPTIONS` })
    out.write(`Replaced the OPTIONS method of ${resource.path}\n`)
  }
  await putPreflight(client, `${base}/OPTIONS`, values)
  for (const [verb, method] of existing) {
    const note = await addAllowOrigin(client, `${base}/${verb}`, method, values[ALLOW_ORIGIN])
    out.write(`${verb} ${resource.path}: ${note}\n`)
  }
  if (options['gateway-responses']) {
    for (const type of ['DEFAULT_4XX', 'DEFAULT_5XX']) await putGatewayResponseHeaders(client, apiId, type, values)
    out.write('DEFAULT_4XX, DEFAULT_5XX: Access-Control-Allow-* headers added\n')
  }
  out.write(`CORS enabled on ${resource.path} (OPTIONS answers ${CORS_HEADERS.map((h) => `${h}: ${values[h]}`).join('; ')}).\n`)
  out.write(`Deploy the API to serve it, e.g. aws apigateway create-deployment --rest-api-id ${apiId} --stage-name <stage> --endpoint-url ${client.endpoint}\n`)
  return 0
}

/** `--methods` as given, or the resource's verbs (ANY standing for all of them), plus OPTIONS, in alphabetical order. */
function allowedMethods(given: string | undefined, verbs: string[]): string {
  const listed = given === undefined ? verbs.flatMap((v) => (v === 'ANY' ? ALL_VERBS : [v])) : given.split(',').map((m) => m.trim().toUpperCase())
  return [...new Set([...listed.filter((m) => m !== ''), 'OPTIONS'])].sort().join(',')
}

async function allResources(client: ManagementClient, apiId: string): Promise<Resource[]> {
  const resources: Resource[] = []
  let position: string | undefined
  do {
    const page = await client.json<{ item?: Resource[]; position?: string }>({
      method: 'GET',
      path: `/restapis/${encodeURIComponent(apiId)}/resources`,
      query: { embed: 'methods', limit: '500', ...(position !== undefined && { position }) },
    })
    resources.push(...(page.item ?? []))
    position = page.position
  } while (position !== undefined)
  return resources
}

/** A static value, as response parameters quote it: `'*'`. */
function quoted(value: string): string {
  return `'${value}'`
}

async function putPreflight(client: ManagementClient, path: string, values: Record<(typeof CORS_HEADERS)[number], string>): Promise<void> {
  await client.json({ method: 'PUT', path, body: { authorizationType: 'NONE', apiKeyRequired: false } })
  await client.json({
    method: 'PUT',
    path: `${path}/responses/200`,
    body: { responseParameters: Object.fromEntries(CORS_HEADERS.map((h) => [HEADER + h, false])), responseModels: { 'application/json': 'Empty' } },
  })
  await client.json({
    method: 'PUT',
    path: `${path}/integration`,
    body: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' }, passthroughBehavior: 'WHEN_NO_MATCH', timeoutInMillis: 29000 },
  })
  await client.json({
    method: 'PUT',
    path: `${path}/integration/responses/200`,
    body: { responseParameters: Object.fromEntries(CORS_HEADERS.map((h) => [HEADER + h, quoted(values[h])])), responseTemplates: { 'application/json': '' } },
  })
}

/** Access-Control-Allow-Origin on the method's 200 method response and 200 integration response; what was done. */
async function addAllowOrigin(client: ManagementClient, path: string, method: Method, origin: string): Promise<string> {
  const name = HEADER + ALLOW_ORIGIN
  const integration = method.methodIntegration
  if (integration?.type === 'AWS_PROXY' || integration?.type === 'HTTP_PROXY') return `a proxy integration: the backend must send ${ALLOW_ORIGIN} itself`
  if (method.methodResponses?.['200']) {
    await client.json({ method: 'PATCH', path: `${path}/responses/200`, body: { patchOperations: [{ op: 'add', path: `/responseParameters/${name}`, value: 'false' }] } })
  } else {
    await client.json({ method: 'PUT', path: `${path}/responses/200`, body: { responseParameters: { [name]: false }, responseModels: { 'application/json': 'Empty' } } })
  }
  if (!integration) return `${ALLOW_ORIGIN} declared on the 200 method response (no integration yet)`
  if (integration.integrationResponses?.['200']) {
    await client.json({
      method: 'PATCH',
      path: `${path}/integration/responses/200`,
      body: { patchOperations: [{ op: 'add', path: `/responseParameters/${name}`, value: quoted(origin) }] },
    })
  } else {
    await client.json({ method: 'PUT', path: `${path}/integration/responses/200`, body: { responseParameters: { [name]: quoted(origin) } } })
  }
  return `${ALLOW_ORIGIN}: ${origin} added to the 200 response`
}

async function putGatewayResponseHeaders(client: ManagementClient, apiId: string, type: string, values: Record<(typeof CORS_HEADERS)[number], string>): Promise<void> {
  const path = `/restapis/${encodeURIComponent(apiId)}/gatewayresponses/${type}`
  const current = await client.json<{ responseParameters?: Record<string, string>; responseTemplates?: Record<string, string>; statusCode?: string }>({ method: 'GET', path })
  const responseParameters = { ...current.responseParameters }
  for (const h of CORS_HEADERS) responseParameters[`gatewayresponse.header.${h}`] = quoted(values[h])
  await client.json({
    method: 'PUT',
    path,
    body: { responseParameters, ...(current.responseTemplates && { responseTemplates: current.responseTemplates }), ...(current.statusCode && { statusCode: current.statusCode }) },
  })
}
