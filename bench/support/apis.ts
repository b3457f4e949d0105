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

/**
 * An HTTP API (its document as apigatewayv2's ExportApi writes one) with only the `$default`
 * route, HTTP_PROXY to the upstream: the request path is appended, so `/pets/1` reaches the
 * upstream's `/pets/1`, as benchApi's `/proxy/pets/1` does. No Lambda, no authorizer.
 */
export function benchHttpApi(upstreamPort: number): object {
  return {
    openapi: '3.0.1',
    info: { title: 'bench-http', version: '1' },
    'x-amazon-apigateway-importexport-version': '1.0',
    paths: {
      '/$default': {
        'x-amazon-apigateway-any-method': {
          'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'ANY', uri: `http://127.0.0.1:${upstreamPort}`, payloadFormatVersion: '1.0' },
        },
      },
    },
  }
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
