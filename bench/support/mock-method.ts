import type { Method } from '../../src/model/index.ts'

/** A MOCK method answering 200 `{"ok":true}`: the cheapest integration, so a bench measures what sits in front of it. */
export function mockMethod(overrides: Partial<Method> = {}): Method {
  return {
    httpMethod: 'GET',
    authorizationType: 'NONE',
    apiKeyRequired: false,
    methodIntegration: {
      type: 'MOCK',
      timeoutInMillis: 29_000,
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      integrationResponses: { '200': { statusCode: '200', responseTemplates: { 'application/json': '{"ok":true}' } } },
    },
    methodResponses: { '200': { statusCode: '200' } },
    ...overrides,
  }
}
