import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** OpenAPI documents the benchmark serves. */

/** the local function benchApi's /lambda calls: see lambdaConfig */
export const BENCH_FUNCTION = 'bench'

/** a trivial async handler, as a module's text */
export const BENCH_HANDLER = `export const handler = async () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"id":1,"name":"doggie"}' })\n`

/** BENCH_HANDLER as a CommonJS module, for serverless-offline */
export const BENCH_HANDLER_CJS = BENCH_HANDLER.replace('export const handler =', 'exports.handler =')

/** portico.config.json declaring BENCH_FUNCTION; `handlerModule` is the absolute module path without its extension */
export function lambdaConfig(handlerModule: string): object {
  return { functions: { [BENCH_FUNCTION]: { handler: `${handlerModule}.handler`, timeout: 10 } } }
}

export function benchApi(upstreamPort: number): object {
  return {
    openapi: '3.0.1',
    info: { title: 'bench', version: '1' },
    paths: {
      '/proxy/{proxy+}': {
        'x-amazon-apigateway-any-method': {
          parameters: [{ name: 'proxy', in: 'path', required: true, schema: { type: 'string' } }],
          'x-amazon-apigateway-integration': {
            type: 'http_proxy',
            httpMethod: 'ANY',
            uri: `http://127.0.0.1:${upstreamPort}/{proxy}`,
            requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
            passthroughBehavior: 'when_no_match',
          },
        },
      },
      '/lambda': {
        get: {
          responses: { '200': { description: 'ok' } },
          'x-amazon-apigateway-integration': {
            type: 'aws_proxy',
            httpMethod: 'POST',
            uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${BENCH_FUNCTION}/invocations`,
          },
        },
      },
      '/mock': {
        get: {
          responses: { '200': { description: 'ok' } },
          'x-amazon-apigateway-integration': {
            type: 'mock',
            requestTemplates: { 'application/json': '{"statusCode": 200}' },
            responses: {
              default: {
                statusCode: '200',
                responseTemplates: { 'application/json': '{"id": 1, "name": "doggie", "stage": "$context.stage"}' },
              },
            },
          },
        },
      },
    },
  }
}

/** The audience benchHttpApi's JWT authorizer accepts. */
export const BENCH_JWT_AUDIENCE = 'bench'

const HTTP_API_VERSION = { 'x-amazon-apigateway-importexport-version': '1.0' }

/** An HTTP API HTTP_PROXY integration (payload 1.0) to `uri`. */
function httpProxyTo(uri: string): object {
  return { type: 'http_proxy', httpMethod: 'ANY', uri, payloadFormatVersion: '1.0' }
}

/**
 * An HTTP API (its document as apigatewayv2's ExportApi writes one), served from its own file:
 * - `$default`: HTTP_PROXY to the upstream with the request path appended, so `/pets/1` reaches
 *   the upstream's `/pets/1` as benchApi's `/proxy/pets/1` does; no Lambda, no authorizer;
 * - `GET /lambda`: AWS_PROXY, payload format 2.0, to the same local function as benchApi's
 *   `/lambda` (lambdaConfig);
 * - `GET /open/{proxy+}` and `GET /jwt/{proxy+}`: the same HTTP_PROXY to the upstream's
 *   `/{proxy}`, the second behind a JWT authorizer of `issuer` (audience BENCH_JWT_AUDIENCE, the
 *   token in Authorization); without an issuer the JWT route is left out.
 */
export function benchHttpApi(upstreamPort: number, issuer?: string): object {
  const upstream = `http://127.0.0.1:${upstreamPort}`
  const routed = httpProxyTo(`${upstream}/{proxy}`)
  const proxyParameter = [{ name: 'proxy', in: 'path', required: true, schema: { type: 'string' } }]
  return {
    openapi: '3.0.1',
    info: { title: 'bench-http', version: '1' },
    ...HTTP_API_VERSION,
    paths: {
      '/$default': { 'x-amazon-apigateway-any-method': { 'x-amazon-apigateway-integration': httpProxyTo(upstream) } },
      '/lambda': {
        get: {
          'x-amazon-apigateway-integration': {
            type: 'aws_proxy',
            httpMethod: 'POST',
            uri: `arn:aws:lambda:us-east-1:123456789012:function:${BENCH_FUNCTION}`,
            payloadFormatVersion: '2.0',
          },
        },
      },
      '/open/{proxy+}': { get: { parameters: proxyParameter, 'x-amazon-apigateway-integration': routed } },
      ...(issuer !== undefined && { '/jwt/{proxy+}': { get: { parameters: proxyParameter, security: [{ jwt: [] }], 'x-amazon-apigateway-integration': routed } } }),
    },
    ...(issuer !== undefined && {
      components: {
        securitySchemes: {
          jwt: {
            type: 'oauth2',
            flows: {},
            'x-amazon-apigateway-authorizer': { type: 'jwt', identitySource: '$request.header.Authorization', jwtConfiguration: { issuer, audience: [BENCH_JWT_AUDIENCE] } },
          },
        },
      },
    }),
  }
}

/** An HTTP API with `count` routes `GET /r0` … `GET /r{count-1}`, each HTTP_PROXY to the upstream's same path. */
export function wideHttpApi(count: number, upstreamPort: number): object {
  const paths: Record<string, object> = {}
  for (let i = 0; i < count; i++) paths[`/r${i}`] = { get: { 'x-amazon-apigateway-integration': httpProxyTo(`http://127.0.0.1:${upstreamPort}/r${i}`) } }
  return { openapi: '3.0.1', info: { title: `wide-http-${count}`, version: '1' }, ...HTTP_API_VERSION, paths }
}

/** An API with `count` resources /r0 … /r{count-1}, each a GET backed by MOCK answering `body(i)`. */
export function wideApi(count: number, body: (i: number) => string = (i) => `{"resource": ${i}}`): object {
  const paths: Record<string, object> = {}
  for (let i = 0; i < count; i++) {
    paths[`/r${i}`] = {
      get: {
        responses: { '200': { description: 'ok' } },
        'x-amazon-apigateway-integration': {
          type: 'mock',
          requestTemplates: { 'application/json': '{"statusCode": 200}' },
          responses: { default: { statusCode: '200', responseTemplates: { 'application/json': body(i) } } },
        },
      },
    }
  }
  return { openapi: '3.0.1', info: { title: `wide-${count}`, version: '1' }, paths }
}

/**
 * Writes what bench/run.ts and bench/profile.ts serve into `dir`: benchApi and benchHttpApi
 * against the upstream on `upstreamPort` (JWT routes trusting `issuerUrl`), the trivial handler,
 * and the config file declaring it. Returns the paths to pass to `portico serve` and PORTICO_CONFIG.
 */
export function writeBenchFiles(dir: string, upstreamPort: number, issuerUrl: string): { apiFile: string; httpApiFile: string; configFile: string } {
  const apiFile = join(dir, 'bench-api.json')
  writeFileSync(apiFile, JSON.stringify(benchApi(upstreamPort)))
  const httpApiFile = join(dir, 'bench-http-api.json')
  writeFileSync(httpApiFile, JSON.stringify(benchHttpApi(upstreamPort, issuerUrl)))
  writeFileSync(join(dir, 'handler.mjs'), BENCH_HANDLER)
  const configFile = join(dir, 'portico.config.json')
  writeFileSync(configFile, JSON.stringify(lambdaConfig(join(dir, 'handler'))))
  return { apiFile, httpApiFile, configFile }
}
