/**
 * Issue 18's dashboard budget, measured: a REST API of 50 methods with detailed metrics on, given
 * 24 h of per-minute history through the real request path (`inject()`: the data plane's
 * pipeline and its observation, no socket) while the metrics clock is driven one minute at a
 * time, then the dashboard's "Per method" view over 24 h drawn in Debian's Chromium. The
 * render time is printed as a diagnostic, not asserted (a loaded 2-core machine would make a
 * bound flaky); what is asserted is that every method's series arrives whole.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CreateDeploymentCommand, ImportRestApiCommand, UpdateStageCommand } from '@aws-sdk/client-api-gateway'
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY, useHarness } from '../control/harness.ts'
import { useConsoleBrowser } from './browser.ts'

const METHODS = 50
const MINUTES = 24 * 60
const MINUTE_MS = 60_000

/** the metrics (and throttles') clock: driven while seeding, then the wall clock the browser's periods follow */
let driven: number | undefined
const now = () => driven ?? Date.now()

/** An OpenAPI document of `METHODS` MOCK GET methods answering 200. */
function fiftyMethods(): string {
  const mock = { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' }, responses: { default: { statusCode: '200' } } }
  const paths = Object.fromEntries(Array.from({ length: METHODS }, (_, i) => [`/m${i}`, { get: { responses: { 200: { description: 'ok' } }, 'x-amazon-apigateway-integration': mock } }]))
  return JSON.stringify({ openapi: '3.0.1', info: { title: 'fifty-methods', version: '1' }, paths })
}

let apiId = ''
let seedMs = 0
const h = useHarness(
  {},
  {
    // the throttles follow the same clock: a minute of 50 requests each step, far under the account's limits
    observe: { metrics: { now } },
    limitsClock: now,
    async setup(started) {
      apiId = (await started.client.send(new ImportRestApiCommand({ body: new TextEncoder().encode(fiftyMethods()) }))).id!
      await started.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }))
      await started.client.send(new UpdateStageCommand({ restApiId: apiId, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/*/*/metrics/enabled', value: 'true' }] }))
      await started.portico.settled()
      // every method once a minute for the last 24 h, the newest minute now
      const began = Date.now()
      const first = began - (MINUTES - 1) * MINUTE_MS
      try {
        for (let minute = 0; minute < MINUTES; minute++) {
          driven = first + minute * MINUTE_MS
          const answers = await Promise.all(Array.from({ length: METHODS }, (_, i) => started.portico.inject({ path: `/_aws/execute-api/${apiId}/prod/m${i}` })))
          const refused = answers.find((a) => a.statusCode !== 200)
          assert.equal(refused, undefined, `minute ${minute}: ${refused?.statusCode} ${refused?.body.toString()}`)
        }
      } finally {
        // back to the wall clock, failed or not: closing the gateway waits on timers of this clock
        driven = undefined
      }
      seedMs = Date.now() - began
    },
  },
)
const ui = useConsoleBrowser({ signIn: () => ({ url: h.endpoint, accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY }) })

describe('the dashboard with 24 h of per-method history for 50 methods', { timeout: 600_000 }, () => {
  it('draws every method over 24 h; the time to draw it is printed', async (t) => {
    t.diagnostic(`seeded ${METHODS * MINUTES} requests (${METHODS} methods × ${MINUTES} minutes) through inject() in ${seedMs} ms`)
    await ui.page.goto(`${h.endpoint}/_portico/console/#/dashboard`)
    await ui.page.getByLabel('Period', { exact: true }).selectOption('24h')
    await ui.page.getByRole('region', { name: 'fifty-methods · prod', exact: true }).waitFor()
    // from the click on "Per method" to the 50 method series' charts on the page: the request, the parse and the render
    // a string, not a function: tsx would name the page's arrow functions with a helper the page lacks
    const timing = (await ui.page.evaluate(`(async (expected) => {
      const box = [...document.querySelectorAll('label.check')].find((l) => l.textContent.includes('Per method')).querySelector('input')
      const start = performance.now()
      box.click()
      // bounded: a series missing fails the test below instead of hanging it
      await new Promise((resolve) => {
        const drawn = () => (document.querySelectorAll('section.series').length >= expected || performance.now() - start > 60000 ? resolve() : requestAnimationFrame(drawn))
        drawn()
      })
      const end = performance.now()
      const drawnSeries = document.querySelectorAll('section.series').length
      const fetched = performance.getEntriesByType('resource').filter((e) => e.name.includes('/_portico/metrics') && e.startTime >= start)
      const answer = fetched.at(-1)
      if (!answer || drawnSeries < expected) return { drawnSeries, requests: fetched.length }
      return { drawnSeries, total: end - start, request: answer.responseEnd - start, render: end - answer.responseEnd, bytes: answer.decodedBodySize }
    })(${METHODS + 1})`)) as { drawnSeries: number; total?: number; request: number; render: number; bytes: number }
    if (timing.total === undefined) assert.fail(`series drawn within 60 s: ${JSON.stringify(timing)}`)
    t.diagnostic(
      `dashboard, 24 h per method: ${timing.total.toFixed(0)} ms from the click to ${METHODS + 1} series drawn = ` +
        `${timing.request.toFixed(0)} ms GetPorticoMetrics (${(timing.bytes / 1e6).toFixed(1)} MB of JSON) + ${timing.render.toFixed(0)} ms parse and render`,
    )
    // every method's series arrived with its day of minutes
    const counts = await ui.page.getByTestId('series-count').allInnerTexts()
    assert.equal(counts.length, METHODS + 1)
    const perMethod = counts.map(Number).sort((a, b) => a - b)
    // the oldest minute may fall out of the period while the page loads
    assert.ok(perMethod[0]! >= MINUTES - 2, `fewest requests in a method's series: ${perMethod[0]}`)
    assert.ok(perMethod.at(-1)! >= METHODS * (MINUTES - 2), `the stage's series: ${perMethod.at(-1)}`)
    const points = await ui.page.locator('section.series').nth(1).locator('polyline.line-0').first().getAttribute('points')
    // 24 h is drawn in 5-minute periods (GetPorticoMetrics `period=300`): 288 points a chart
    const drawn = points!.split(' ').length
    assert.ok(drawn >= MINUTES / 5 - 2 && drawn <= MINUTES / 5 + 1, `points in a 24 h chart: ${drawn}`)
  })
})
