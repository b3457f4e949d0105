import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { integration, useGateways, type Gateway } from './harness.ts'

const gateways = useGateways()

/** A MOCK method at `resourcePath` whose response template is `template`. */
function mockWith(resourcePath: string, template: string): Promise<Gateway> {
  return gateways.start({
    resourcePath,
    integration: integration({
      type: 'MOCK',
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      integrationResponses: { '200': { statusCode: '200', responseTemplates: { 'application/json': template } } },
    }),
  })
}

// Methods whose templates have the same text share one compiled program (start-up time, issue 13):
// each still renders for itself, and a failure still names its own method.
describe('methods sharing a mapping template text', () => {
  it('each renders with its own request', async () => {
    const template = '{"path": "$context.resourcePath", "id": "$input.params(\'id\')"}'
    const [a, b] = [await mockWith('/shared-a', template), await mockWith('/shared-b', template)]
    assert.deepEqual(await (await fetch(a.url + '/shared-a?id=1')).json(), { path: '/shared-a', id: '1' })
    assert.deepEqual(await (await fetch(b.url + '/shared-b?id=2')).json(), { path: '/shared-b', id: '2' })
  })

  it('a template failing at run time names the method it failed in, not the first to compile it', async () => {
    const failing = "$input.json('$[')"
    const [a, b] = [await mockWith('/failing-a', failing), await mockWith('/failing-b', failing)]
    for (const [g, path] of [[a, '/failing-a'], [b, '/failing-b']] as const) {
      const res = await fetch(g.url + path)
      assert.equal(res.status, 500)
      await res.arrayBuffer()
      const log = g.lastLog().join('\n')
      assert.match(log, new RegExp(`Unable to transform response: error while rendering template in ANY ${path} integration response 200 template application/json: Expected an index`), log)
    }
  })
})
