/** OpenAPI documents the benchmark serves. */

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

/** An API with `count` resources /r0 … /r{count-1}, each a GET backed by MOCK. */
export function wideApi(count: number): object {
  const paths: Record<string, object> = {}
  for (let i = 0; i < count; i++) {
    paths[`/r${i}`] = {
      get: {
        responses: { '200': { description: 'ok' } },
        'x-amazon-apigateway-integration': {
          type: 'mock',
          requestTemplates: { 'application/json': '{"statusCode": 200}' },
          responses: { default: { statusCode: '200', responseTemplates: { 'application/json': `{"resource": ${i}}` } } },
        },
      },
    }
  }
  return { openapi: '3.0.1', info: { title: `wide-${count}`, version: '1' }, paths }
}
