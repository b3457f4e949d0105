/**
 * Issue 14: requests shed rather than served are counted, by reason, in /metrics
 * (`portico_shed_requests_total`) and in the stage's minute history (`ShedCount`). Here a local
 * function at its concurrency (reservedConcurrency 0: Lambda's TooManyRequestsException), through
 * the real data plane and the real local runtime; the other reasons are counted where they are
 * shed: test/integrations/upstream-overload.test.ts (upstream-busy) and
 * test/data/overload-shedding.test.ts (event-loop-lag, a real `portico serve`).
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Integration, Method } from '../../src/model/index.ts'
import { apiDefinition, send } from '../data/fixtures.ts'
import { LOCATION, localRuntime } from '../functions/runtime-fixture.ts'
import { useObserved } from './observe-fixtures.ts'

const uri = (fn: string) => `arn:aws:apigateway:${LOCATION.region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${LOCATION.region}:${LOCATION.accountId}:function:${fn}/invocations`
const proxy = (fn: string): Partial<Method> => ({
  methodResponses: { '200': { statusCode: '200' } },
  methodIntegration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: uri(fn), timeoutInMillis: 5_000 } as Integration,
})

const o = useObserved((own) => ({
  api: apiDefinition({ '/none': { GET: proxy('none') }, '/some': { GET: proxy('some') } }),
  integrations: { real: true, invoker: own(localRuntime({ none: { handler: './esm.timed', reservedConcurrency: 0 }, some: { handler: './esm.timed' } })) },
}))

const get = (path: string) => send(o.running.address.port, { path: `/_aws/execute-api/a1b2c3d4e5/prod${path}` })

describe('the shed-request metric', () => {
  it('counts calls refused for a function\'s concurrency as shed (function-concurrency), in /metrics and the minute history; served calls are not', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await get('/none')).status, 500)
    // served (its answer is no proxy response: 502), not shed
    assert.equal((await get('/some')).status, 502)
    const text = (await send(o.running.address.port, { path: '/metrics' })).body
    assert.match(text, /^# TYPE portico_shed_requests_total counter$/m)
    const labels = 'ApiName="[^"]*",ApiId="a1b2c3d4e5",Stage="prod"'
    assert.match(text, new RegExp(`^portico_shed_requests_total\\{${labels},reason="function-concurrency"\\} 3$`, 'm'))
    assert.match(text, new RegExp(`^portico_shed_requests_total\\{${labels},reason="upstream-busy"\\} 0$`, 'm'))
    assert.match(text, new RegExp(`^portico_shed_requests_total\\{${labels},reason="event-loop-lag"\\} 0$`, 'm'))
    assert.match(text, new RegExp(`^apigateway_count_total\\{${labels}\\} 4$`, 'm'))
    const [series] = o.observer.metrics.history({ apiId: 'a1b2c3d4e5', stage: 'prod' })
    assert.deepEqual(series!.datapoints.map((d) => [d.Count, d.ShedCount]), [[4, 3]])
  })
})
