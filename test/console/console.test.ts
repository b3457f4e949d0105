/**
 * The web console end to end: a real Portico (its listener on loopback, the real SQLite store)
 * and Debian's Chromium clicking through the console as a user would. The console is the
 * built one (`npm run build` → dist/console/), as `portico serve` serves it.
 *
 * `PORTICO_SCREENSHOTS=1` also writes the main views to docs/console/ (the README shows them).
 */
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import type { Portico } from '../../src/main.ts'
import { useHarness } from '../control/harness.ts'
import { launchChromium } from './browser.ts'

const ACCESS_KEY_ID = 'AKIACONSOLETEST00001'
const SECRET = 'console-test-secret-key'
const SHOTS = process.env.PORTICO_SCREENSHOTS ? join(import.meta.dirname, '../../docs/console') : undefined

let portico: Portico
let browser: Browser
let page: Page

useHarness({ host: '127.0.0.1', adminAccessKeyId: ACCESS_KEY_ID, adminSecretAccessKey: SECRET }, {
  usageFlushMs: 50,
  limitsRefreshMs: 100,
  prepare: () => {
    assert.ok(existsSync(join(import.meta.dirname, '../../dist/console/index.html')), 'the console is not built: run `npm run build`')
  },
  setup: async (h) => {
    portico = h.portico
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    return () => browser.close()
  },
})

async function shot(name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`) })
}

/** The invoke URL of a stage's path on this Portico's listener. */
function invoke(apiId: string, stage: string, path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${portico.url}/_aws/execute-api/${apiId}/${stage}${path}`, { headers })
}

describe('the console', { timeout: 120_000 }, () => {
  let apiId = ''

  it('is served with a CSP that forbids inline scripts, and cache headers', async () => {
    const index = await fetch(`${portico.url}/_portico/console/`)
    assert.equal(index.status, 200)
    const csp = index.headers.get('content-security-policy') ?? ''
    assert.match(csp, /script-src 'self'/)
    assert.doesNotMatch(csp, /unsafe-inline/)
    assert.equal(index.headers.get('cache-control'), 'no-cache')
    const html = await index.text()
    assert.doesNotMatch(html, new RegExp(SECRET))
    const script = html.match(/src="(\/_portico\/console\/assets\/[^"]+\.js)"/)?.[1]
    assert.ok(script, html)
    const asset = await fetch(`${portico.url}${script}`)
    assert.equal(asset.status, 200)
    assert.match(asset.headers.get('cache-control') ?? '', /immutable/)
    assert.equal((await fetch(`${portico.url}/_portico/console/assets/missing.js`)).status, 404)
    // the management API is still there beside it, and refuses what is not signed
    assert.equal((await fetch(`${portico.url}/restapis`)).status, 403)
  })

  it('a wrong secret shows AWS error next to the field, and keeps the user out', async (t) => {
    const started = Date.now()
    await page.goto(`${portico.url}/_portico/console/`)
    await page.getByLabel('Access key ID').waitFor()
    const load = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming
      return nav.loadEventEnd - nav.startTime
    })
    t.diagnostic(`first load: ${load.toFixed(0)} ms (navigation timing), ${Date.now() - started} ms to the sign-in form`)
    await shot('sign-in')
    await page.getByLabel('Access key ID').fill(ACCESS_KEY_ID)
    await page.getByLabel('Secret access key').fill('not-the-secret')
    await page.getByRole('button', { name: 'Sign in' }).click()
    const error = page.getByRole('alert')
    await error.waitFor()
    assert.match(await error.innerText(), /InvalidSignatureException: The request signature we calculated does not match/)
    assert.equal(await page.getByLabel('Secret access key').getAttribute('aria-invalid'), 'true')
  })

  it('signs in and imports examples/petstore.yaml', async () => {
    await page.getByLabel('Secret access key').fill(SECRET)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'REST APIs' }).waitFor()
    await page.getByLabel('Import OpenAPI file (YAML or JSON)').setInputFiles(join(import.meta.dirname, '../../examples/petstore.yaml'))
    const link = page.getByRole('link', { name: 'PetStore' })
    await link.waitFor()
    apiId = (await page.getByRole('row', { name: /PetStore/ }).locator('code').innerText()).trim()
    assert.match(apiId, /^[a-z0-9]{10}$/)
    await shot('apis')
    await link.click()
    await page.getByRole('navigation', { name: 'Resources' }).waitFor()
  })

  it('shows the imported validators, gateway responses and models, and lays out at phone width', async () => {
    await page.getByRole('tab', { name: 'Definitions' }).click()
    await page.getByRole('region', { name: 'Request validators' }).getByText('body-only').waitFor()
    await page.getByRole('region', { name: 'Gateway responses' }).getByText('MISSING_AUTHENTICATION_TOKEN → 404').waitFor()
    await page.getByRole('region', { name: 'Models' }).locator('summary').filter({ hasText: /^Pets\s/ }).waitFor()
    await shot('definitions')
    await page.setViewportSize({ width: 390, height: 800 })
    await page.getByRole('tab', { name: 'Resources' }).click()
    await page.getByRole('link', { name: 'GET /pets/{petId}' }).waitFor()
    await shot('phone')
    // nothing wider than the screen: the layout folds into one column
    const wide = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 391).map((e) => e.tagName + '.' + e.className).slice(0, 5))
    assert.deepEqual(wide, [])
    await page.setViewportSize({ width: 1280, height: 800 })
  })

  it('edits a response template, tests the method in the panel, and deploys', async () => {
    await page.getByRole('link', { name: 'GET /pets/{petId}' }).click()
    const template = page.getByLabel('Response template 200 application/json')
    await template.waitFor()
    await template.fill('{"id": "$input.params(\'petId\')", "edited": "v2"}')
    await page.getByRole('button', { name: 'Save Response template 200 application/json' }).click()
    await page.getByRole('button', { name: 'Save Response template 200 application/json' }).and(page.locator(':disabled')).waitFor()

    await page.getByRole('button', { name: 'Test', exact: true }).click()
    await page.getByLabel('Path and query string').fill('/pets/7')
    await page.getByRole('button', { name: 'Run test' }).click()
    await page.getByTestId('test-status').waitFor()
    assert.equal(await page.getByTestId('test-status').innerText(), '200')
    assert.deepEqual(JSON.parse(await page.getByTestId('test-body').innerText()), { id: '7', edited: 'v2' })
    assert.match(await page.locator('pre.log').innerText(), /Method completed with status: 200/)
    await shot('method-test')

    await page.getByRole('button', { name: 'Deploy API' }).click()
    await page.getByLabel('New stage name').fill('prod')
    await page.getByLabel('Deployment description').fill('first')
    await page.getByRole('button', { name: 'Deploy', exact: true }).click()
    await page.getByText(/Deployed \w+ to prod\./).waitFor()
    await page.getByRole('button', { name: 'Close', exact: true }).click()
    const answer = await invoke(apiId, 'prod', '/pets/7')
    assert.deepEqual(await answer.json(), { id: '7', edited: 'v2' })
  })

  it('deploys a 50 % canary, promotes it, then rolls the stage back', async () => {
    const template = page.getByLabel('Response template 200 application/json')
    await template.fill('{"id": "$input.params(\'petId\')", "edited": "v3"}')
    await page.getByRole('button', { name: 'Save Response template 200 application/json' }).click()
    await page.getByRole('button', { name: 'Save Response template 200 application/json' }).and(page.locator(':disabled')).waitFor()

    await page.getByRole('tab', { name: 'Stages' }).click()
    await page.getByRole('heading', { name: 'Stage prod' }).waitFor()
    const first = await page.getByTestId('stage-deployment').innerText()
    await page.getByLabel('Canary percent of requests').fill('50')
    await page.getByRole('button', { name: 'Deploy a canary' }).click()
    await page.getByTestId('canary-percent').waitFor()
    assert.equal(await page.getByTestId('canary-percent').innerText(), '50')
    await shot('stage-canary')

    await page.getByRole('button', { name: 'Promote canary' }).click()
    await page.getByRole('button', { name: 'Deploy a canary' }).waitFor()
    assert.notEqual(await page.getByTestId('stage-deployment').innerText(), first)
    assert.equal(((await (await invoke(apiId, 'prod', '/pets/7')).json()) as { edited: string }).edited, 'v3')

    await page.getByRole('button', { name: `Roll back to ${first}` }).click()
    await page.getByTestId('stage-deployment').getByText(first).waitFor()
    assert.equal(((await (await invoke(apiId, 'prod', '/pets/7')).json()) as { edited: string }).edited, 'v2')
  })

  it('requires a key on a method, creates a key and a plan, and shows the keyed requests in usage and the dashboard', async () => {
    await page.getByRole('tab', { name: 'Resources' }).click()
    await page.getByRole('link', { name: 'GET /pets', exact: true }).click()
    await page.getByLabel('API key required').check()
    await page.getByLabel('API key required').and(page.locator(':checked:enabled')).waitFor()
    await page.getByRole('button', { name: 'Deploy API' }).click()
    await page.getByLabel('Stage', { exact: true }).selectOption('prod')
    await page.getByRole('button', { name: 'Deploy', exact: true }).click()
    await page.getByText(/Deployed \w+ to prod\./).waitFor()
    await page.getByRole('button', { name: 'Close', exact: true }).click()
    assert.equal((await invoke(apiId, 'prod', '/pets')).status, 403)

    await page.getByRole('link', { name: 'API keys & usage plans' }).click()
    await page.getByLabel('Key name').fill('partner')
    await page.getByRole('button', { name: 'Create API key' }).click()
    await page.getByRole('cell', { name: 'partner' }).waitFor()
    await page.getByLabel('Plan name').fill('Gold')
    await page.getByLabel('API stage (apiId/stage)').fill(`${apiId}/prod`)
    await page.getByRole('button', { name: 'Create usage plan' }).click()
    await page.getByLabel('Add API key to Gold').selectOption({ label: 'partner' })
    await page.getByRole('button', { name: 'Add key' }).click()
    const usage = page.getByTestId('usage-partner')
    await usage.waitFor()

    await page.getByRole('cell', { name: 'partner' }).locator('..').getByText('Show').click()
    const key = await page.getByTestId('key-value-partner').innerText()
    // the plan reaches the data plane after its reload (limitsRefreshMs): retried within a deadline
    const deadline = Date.now() + 10_000
    let ok = 0
    while (ok < 3 && Date.now() < deadline) if ((await invoke(apiId, 'prod', '/pets', { 'x-api-key': key })).status === 200) ok++
    assert.equal(ok, 3)

    // usage is flushed to the store every usageFlushMs: Refresh until it shows
    const until = Date.now() + 10_000
    while (Date.now() < until) {
      await page.getByRole('button', { name: 'Refresh usage' }).click()
      if (/[1-9]/.test(await usage.innerText())) break
    }
    assert.match(await usage.innerText(), /[1-9]/)
    await shot('keys-plans')

    await page.getByRole('link', { name: 'Dashboard' }).click()
    const count = page.getByRole('region', { name: 'PetStore · prod' }).getByTestId('series-count')
    await count.waitFor()
    assert.ok(Number(await count.innerText()) >= 5, await count.innerText())
    await shot('dashboard')
  })
})
