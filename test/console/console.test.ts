/**
 * The web console end to end: a real Portico (its listener on loopback, the real SQLite store)
 * and Debian's Chromium clicking through the console as a user would. The console is the
 * built one (`npm run build` → dist/console/), as `portico serve` serves it.
 *
 * `PORTICO_SCREENSHOTS=1` also writes the main views to docs/console/ (the README shows them).
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, it } from 'node:test'
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY as SECRET, useHarness } from '../control/harness.ts'
import { useConsoleBrowser } from './browser.ts'

const harness = useHarness({}, { usageFlushMs: 50, limitsRefreshMs: 100 })
const ui = useConsoleBrowser()

/** The invoke URL of a stage's path on this Portico's listener. */
function invoke(apiId: string, stage: string, path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${harness.endpoint}/_aws/execute-api/${apiId}/${stage}${path}`, { headers })
}

describe('the console', { timeout: 120_000 }, () => {
  let apiId = ''

  it('is served with a CSP that forbids inline scripts, cache headers, and one script within 300 KB gzipped', async () => {
    const index = await fetch(`${harness.endpoint}/_portico/console/`)
    assert.equal(index.status, 200)
    const csp = index.headers.get('content-security-policy') ?? ''
    assert.match(csp, /script-src 'self'/)
    assert.doesNotMatch(csp, /unsafe-inline/)
    assert.equal(index.headers.get('cache-control'), 'no-cache')
    const html = await index.text()
    assert.ok(!html.includes(SECRET))
    const script = html.match(/src="(\/_portico\/console\/assets\/[^"]+\.js)"/)?.[1]
    assert.ok(script, html)
    const asset = await fetch(`${harness.endpoint}${script}`)
    assert.equal(asset.status, 200)
    assert.match(asset.headers.get('cache-control') ?? '', /immutable/)
    // the budget of issue 18: the whole script at most 300 KB gzipped (it is the console's only script)
    const gzipped = gzipSync(Buffer.from(await asset.arrayBuffer())).length
    assert.ok(gzipped <= 300 * 1024, `${gzipped} bytes gzipped`)
    assert.equal([...html.matchAll(/<script\b/g)].length, 1)
    assert.equal((await fetch(`${harness.endpoint}/_portico/console/assets/missing.js`)).status, 404)
    // the management API is still there beside it, and refuses what is not signed
    assert.equal((await fetch(`${harness.endpoint}/restapis`)).status, 403)
  })

  it('a wrong secret shows AWS error next to the field, and keeps the user out', async (t) => {
    const started = Date.now()
    await ui.page.goto(`${harness.endpoint}/_portico/console/`)
    await ui.page.getByLabel('Access key ID').waitFor()
    const load = await ui.page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming
      return nav.loadEventEnd - nav.startTime
    })
    t.diagnostic(`first load: ${load.toFixed(0)} ms (navigation timing), ${Date.now() - started} ms to the sign-in form`)
    await ui.shot('sign-in')
    await ui.page.getByLabel('Access key ID').fill(ACCESS_KEY_ID)
    await ui.page.getByLabel('Secret access key').fill('not-the-secret')
    await ui.page.getByRole('button', { name: 'Sign in' }).click()
    const error = ui.page.getByRole('alert')
    await error.waitFor()
    assert.match(await error.innerText(), /InvalidSignatureException: The request signature we calculated does not match/)
    assert.equal(await ui.page.getByLabel('Secret access key').getAttribute('aria-invalid'), 'true')
  })

  it('signs in and imports examples/petstore.yaml', async () => {
    await ui.page.getByLabel('Secret access key').fill(SECRET)
    await ui.page.getByRole('button', { name: 'Sign in' }).click()
    await ui.page.getByRole('heading', { name: 'REST APIs' }).waitFor()
    await ui.page.getByLabel('Import OpenAPI file (YAML or JSON)').setInputFiles(join(import.meta.dirname, '../../examples/petstore.yaml'))
    const link = ui.page.getByRole('link', { name: 'PetStore' })
    await link.waitFor()
    apiId = (await ui.page.getByRole('row', { name: /PetStore/ }).locator('code').innerText()).trim()
    assert.match(apiId, /^[a-z0-9]{10}$/)
    await ui.shot('apis')
    await link.click()
    await ui.page.getByRole('navigation', { name: 'Resources' }).waitFor()
  })

  it('shows the imported validators, gateway responses and models, and lays out at phone width', async () => {
    await ui.page.getByRole('tab', { name: 'Definitions' }).click()
    await ui.page.getByRole('region', { name: 'Request validators' }).getByText('body-only').waitFor()
    await ui.page.getByRole('region', { name: 'Gateway responses' }).getByText('MISSING_AUTHENTICATION_TOKEN → 404').waitFor()
    await ui.page.getByRole('region', { name: 'Models' }).locator('summary').filter({ hasText: /^Pets\s/ }).waitFor()
    await ui.shot('definitions')
    await ui.page.setViewportSize({ width: 390, height: 800 })
    await ui.page.getByRole('tab', { name: 'Resources' }).click()
    await ui.page.getByRole('link', { name: 'GET /pets/{petId}' }).waitFor()
    await ui.shot('phone')
    // nothing wider than the screen: the layout folds into one column
    const wide = await ui.page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 391).map((e) => e.tagName + '.' + e.className).slice(0, 5))
    assert.deepEqual(wide, [])
    await ui.page.setViewportSize({ width: 1280, height: 800 })
  })

  it('edits a response template, tests the method in the panel, and deploys', async () => {
    await ui.page.getByRole('link', { name: 'GET /pets/{petId}' }).click()
    const template = ui.page.getByLabel('Response template 200 application/json')
    await template.waitFor()
    await template.fill('{"id": "$input.params(\'petId\')", "edited": "v2"}')
    await ui.page.getByRole('button', { name: 'Save Response template 200 application/json' }).click()
    await ui.page.getByRole('button', { name: 'Save Response template 200 application/json' }).and(ui.page.locator(':disabled')).waitFor()

    await ui.page.getByRole('button', { name: 'Test', exact: true }).click()
    await ui.page.getByLabel('Path and query string').fill('/pets/7')
    await ui.page.getByRole('button', { name: 'Run test' }).click()
    await ui.page.getByTestId('test-status').waitFor()
    assert.equal(await ui.page.getByTestId('test-status').innerText(), '200')
    assert.deepEqual(JSON.parse(await ui.page.getByTestId('test-body').innerText()), { id: '7', edited: 'v2' })
    assert.match(await ui.page.locator('pre.log').innerText(), /Method completed with status: 200/)
    await ui.shot('method-test')

    await ui.page.getByRole('button', { name: 'Deploy API' }).click()
    await ui.page.getByLabel('New stage name').fill('prod')
    await ui.page.getByLabel('Deployment description').fill('first')
    await ui.page.getByRole('button', { name: 'Deploy', exact: true }).click()
    await ui.page.getByText(/Deployed \w+ to prod\./).waitFor()
    await ui.page.getByRole('button', { name: 'Close', exact: true }).click()
    const answer = await invoke(apiId, 'prod', '/pets/7')
    assert.deepEqual(await answer.json(), { id: '7', edited: 'v2' })
  })

  it('deploys a 50 % canary, promotes it, then rolls the stage back', async () => {
    const template = ui.page.getByLabel('Response template 200 application/json')
    await template.fill('{"id": "$input.params(\'petId\')", "edited": "v3"}')
    await ui.page.getByRole('button', { name: 'Save Response template 200 application/json' }).click()
    await ui.page.getByRole('button', { name: 'Save Response template 200 application/json' }).and(ui.page.locator(':disabled')).waitFor()

    await ui.page.getByRole('tab', { name: 'Stages' }).click()
    await ui.page.getByRole('heading', { name: 'Stage prod' }).waitFor()
    const first = await ui.page.getByTestId('stage-deployment').innerText()
    await ui.page.getByLabel('Canary percent of requests').fill('50')
    await ui.page.getByRole('button', { name: 'Deploy a canary' }).click()
    await ui.page.getByTestId('canary-percent').waitFor()
    assert.equal(await ui.page.getByTestId('canary-percent').innerText(), '50')
    // the shot shows the Canary panel and the deployment history under it
    await ui.page.getByRole('region', { name: 'Canary' }).evaluate((e) => e.scrollIntoView())
    await ui.shot('stage-canary')

    await ui.page.getByRole('button', { name: 'Promote canary' }).click()
    await ui.page.getByRole('button', { name: 'Deploy a canary' }).waitFor()
    assert.notEqual(await ui.page.getByTestId('stage-deployment').innerText(), first)
    assert.equal(((await (await invoke(apiId, 'prod', '/pets/7')).json()) as { edited: string }).edited, 'v3')

    await ui.page.getByRole('button', { name: `Roll back to ${first}` }).click()
    await ui.page.getByTestId('stage-deployment').getByText(first).waitFor()
    assert.equal(((await (await invoke(apiId, 'prod', '/pets/7')).json()) as { edited: string }).edited, 'v2')
  })

  it('requires a key on a method, creates a key and a plan, and shows the keyed requests in usage and the dashboard', async () => {
    await ui.page.getByRole('tab', { name: 'Resources' }).click()
    await ui.page.getByRole('link', { name: 'GET /pets', exact: true }).click()
    await ui.page.getByLabel('API key required').check()
    await ui.page.getByLabel('API key required').and(ui.page.locator(':checked:enabled')).waitFor()
    await ui.page.getByRole('button', { name: 'Deploy API' }).click()
    await ui.page.getByLabel('Stage', { exact: true }).selectOption('prod')
    await ui.page.getByRole('button', { name: 'Deploy', exact: true }).click()
    await ui.page.getByText(/Deployed \w+ to prod\./).waitFor()
    await ui.page.getByRole('button', { name: 'Close', exact: true }).click()
    assert.equal((await invoke(apiId, 'prod', '/pets')).status, 403)

    await ui.page.getByRole('link', { name: 'API keys & usage plans' }).click()
    await ui.page.getByLabel('Key name').fill('partner')
    await ui.page.getByRole('button', { name: 'Create API key' }).click()
    await ui.page.getByRole('cell', { name: 'partner' }).waitFor()
    await ui.page.getByLabel('Plan name').fill('Gold')
    await ui.page.getByLabel('API stage (apiId/stage)').fill(`${apiId}/prod`)
    await ui.page.getByRole('button', { name: 'Create usage plan' }).click()
    await ui.page.getByLabel('Add API key to Gold').selectOption({ label: 'partner' })
    await ui.page.getByRole('button', { name: 'Add key' }).click()
    const usage = ui.page.getByTestId('usage-partner')
    await usage.waitFor()

    await ui.page.getByRole('cell', { name: 'partner' }).locator('..').getByText('Show').click()
    const key = await ui.page.getByTestId('key-value-partner').innerText()
    // the plan reaches the data plane after its reload (limitsRefreshMs): retried within a deadline
    const deadline = Date.now() + 10_000
    let ok = 0
    while (ok < 3 && Date.now() < deadline) if ((await invoke(apiId, 'prod', '/pets', { 'x-api-key': key })).status === 200) ok++
    assert.equal(ok, 3)

    // usage is flushed to the store every usageFlushMs: Refresh until it shows
    const until = Date.now() + 10_000
    while (Date.now() < until) {
      await ui.page.getByRole('button', { name: 'Refresh usage' }).click()
      if (/[1-9]/.test(await usage.innerText())) break
    }
    assert.match(await usage.innerText(), /[1-9]/)
    await ui.shot('keys-plans')

    await ui.page.getByRole('link', { name: 'Dashboard' }).click()
    const count = ui.page.getByRole('region', { name: 'PetStore · prod' }).getByTestId('series-count')
    await count.waitFor()
    assert.ok(Number(await count.innerText()) >= 5, await count.innerText())
    await ui.shot('dashboard')
  })
})
