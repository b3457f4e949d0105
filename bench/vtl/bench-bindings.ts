/**
 * Minimal stand-ins for API Gateway's `$input`, `$util` and `$context`, shaped like the
 * real bindings (class instances with methods), so both engines do the same work.
 */
function jsonPath(root: unknown, path: string): unknown {
  if (path === '$') return root
  let value: unknown = root
  for (const key of path.replace(/^\$\.?/, '').split('.')) {
    if (value === null || typeof value !== 'object') return null
    value = (value as Record<string, unknown>)[key]
  }
  return value ?? null
}

export class BenchInput {
  private readonly parsed: unknown
  constructor(readonly body: string, private readonly parameters: Record<string, Record<string, string>>) {
    this.parsed = JSON.parse(body)
  }
  json(path: string): string { return JSON.stringify(jsonPath(this.parsed, path)) }
  path(path: string): unknown { return jsonPath(this.parsed, path) }
  params(name?: string): unknown {
    if (name === undefined) return this.parameters
    for (const where of ['path', 'querystring', 'header']) {
      const v = this.parameters[where]?.[name]
      if (v !== undefined) return v
    }
    return ''
  }
}

export class BenchUtil {
  escapeJavaScript(s: unknown): string {
    return String(s).replace(/[\\"']/g, (c) => '\\' + c).replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')
  }
  parseJson(s: string): unknown { return JSON.parse(s) }
}

export function orderBody(items: number): string {
  return JSON.stringify({
    customer: { id: 'c-1001', name: 'Ada "Countess" Lovelace', email: 'ADA@Example.COM', tier: 'gold' },
    items: Array.from({ length: items }, (_, i) => ({ sku: `SKU-${1000 + i}`, qty: (i % 4) + 1, price: 9.5 + i, gift: i % 3 === 0, tags: ['a', 'b'] })),
    note: 'leave at the door',
  })
}

export function benchContext(): Record<string, unknown> {
  return {
    requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef', stage: 'prod', apiId: 'a1b2c3', resourcePath: '/orders/{id}',
    resourceId: 'r1', httpMethod: 'POST', requestTimeEpoch: 1700000000000,
    identity: { sourceIp: '203.0.113.9', userAgent: 'curl/8.0', accountId: '123456789012', apiKey: 'k', caller: 'c', user: 'u', userArn: 'arn' },
    responseOverride: {},
  }
}
