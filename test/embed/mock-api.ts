/** A small OpenAPI 3 document: two mock methods and, given a backend, one HTTP_PROXY method. */
export function mockApi(backendUrl?: string): Record<string, unknown> {
  const mock = (status: number, body: string) => ({
    type: 'mock',
    requestTemplates: { 'application/json': `{"statusCode": ${status}}` },
    responses: { default: { statusCode: String(status), responseTemplates: { 'application/json': body } } },
  })
  return {
    openapi: '3.0.1',
    info: { title: 'pets', version: '1' },
    paths: {
      '/pets': { get: { responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': mock(200, '[{"id": 1, "type": "dog"}]') } },
      '/pets/{petId}': {
        get: {
          parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'ok' } },
          'x-amazon-apigateway-integration': mock(200, '{"id": "$input.params(\'petId\')"}'),
        },
      },
      ...(backendUrl !== undefined && {
        '/upstream': {
          get: {
            responses: { '200': { description: 'ok' } },
            'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'GET', uri: `${backendUrl}/teapot` },
          },
        },
      }),
    },
  }
}
