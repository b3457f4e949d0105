/**
 * The console's watching views end to end, in Debian's Chromium against a real Portico (its
 * listener on loopback, the real SQLite store, the real local authorizer functions of
 * test/fixtures/e2e/authorizers-app): TestInvokeAuthorizer in the Definitions tab, the
 * dashboard's latency percentiles and periods, the live access-log tail, the audit trail, and
 * the HTTP API views. Like console.test.ts it needs the built console (`npm run build`);
 * `PORTICO_SCREENSHOTS=1` also writes these views to docs/console/.
 */
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { APIGatewayClient, UpdateStageCommand } from '@aws-sdk/client-api-gateway'
import type { Browser, Page } from 'playwright-core'
import type { Portico } from '../../src/main.ts'
import { useHarness } from '../control/harness.ts'
import { serveFile } from '../support/serve-file.ts'
import { launchChromium } from './browser.ts'

const ACCESS_KEY_ID = 'AKIACONSOLEWATCH0001'
const SECRET = 'console-watch-secret-key'
const SHOTS = process.env.PORTICO_SCREENSHOTS ? join(import.meta.dirname, '../../docs/console') : undefined
const app = join(import.meta.dirname, '..', 'fixtures', 'e2e', 'authorizers-app')

let portico: Portico
let browser: Browser
let page: Page
let apiId: string

useHarness({ host: '127.0.0.1', adminAccessKeyId: ACCESS_KEY_ID, adminSecretAccessKey: SECRET }, {
  configFile: join(app, 'portico.config.json'),
  prepare: () => {
    assert.ok(existsSync(join(import.meta.dirname, '../../dist/console/index.html')), 'the console is not built: run `npm run build`')
  },
  setup: async (h) => {
    portico = h.portico
    apiId = (await serveFile(portico, join(app, 'api.yaml'), 'prod')).apiId
    // access logging on prod, as a user would turn it on with the CLI
    const client = new APIGatewayClient({ endpoint: portico.url, region: 'us-east-1', credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET } })
    await client.send(
      new UpdateStageCommand({
        restApiId: apiId,
        stageName: 'prod',
        patchOperations: [
          { op: 'replace', path: '/accessLogSettings/destinationArn', value: 'arn:aws:logs:us-east-1:123456789012:log-group:console-tail' },
          { op: 'replace', path: '/accessLogSettings/format', value: '$context.requestId $context.httpMethod $context.resourcePath $context.status' },
        ],
      }),
    )
    client.destroy()
    await portico.settled()
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    return () => browser.close()
  },
})

async function shot(name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true })
}

function invoke(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${portico.url}/_aws/execute-api/${apiId}/prod${path}`, { headers })
}

describe('the console: authorizer tests, percentiles, log tail, audit trail, HTTP APIs', { timeout: 180_000 }, () => {
  it('signs in', async () => {
    await page.goto(`${portico.url}/_portico/console/`)
    await page.getByLabel('Access key ID').fill(ACCESS_KEY_ID)
    await page.getByLabel('Secret access key').fill(SECRET)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'REST APIs' }).waitFor()
  })

  it('tests a TOKEN authorizer from the Definitions tab: allowed with principal and policy, then denied', async () => {
    await page.goto(`${portico.url}/_portico/console/#/apis/${apiId}/definitions`)
    const authorizers = page.getByRole('region', { name: 'Authorizers' })
    await authorizers.getByText('Test token', { exact: true }).click()
    const headers = page.getByLabel('Headers for token (one "Name: value" a line)')
    // prefilled with the identity source's header
    assert.equal(await headers.inputValue(), 'Authorization: ')
    await headers.fill('Authorization: allow-console')
    await page.getByLabel('Path and query string for token').fill('/pets')
    await page.getByRole('button', { name: 'Test authorizer token' }).click()
    const result = page.getByLabel('Authorizer test result token')
    await result.waitFor()
    assert.equal(await result.getByTestId('authorizer-status').innerText(), '200')
    assert.equal(await result.getByTestId('authorizer-principal').innerText(), 'user-allow-console')
    assert.match(await result.innerText(), /"Effect": "Allow"/)
    assert.match(await result.locator('pre.log').innerText(), /Starting authorizer: \w+ for request: /)

    await headers.fill('Authorization: deny')
    await page.getByRole('button', { name: 'Test authorizer token' }).click()
    await result.getByTestId('authorizer-status').getByText('403').waitFor()
    await shot('authorizer-test')
  })

  it('follows the access log live and charts Latency p50/p90/p99 over 1 h, 3 h and 24 h', async () => {
    await page.getByRole('link', { name: 'Dashboard' }).click()
    const tail = page.getByTestId('log-tail')
    await page.getByRole('region', { name: 'Access log (live)' }).waitFor()
    assert.equal(await tail.innerText(), '')
    // requests after the page opened arrive in the followed tail
    const ok = await invoke('/pets/7', { Authorization: 'allow-tail' })
    assert.equal(ok.status, 200)
    const denied = await invoke('/pets/8', { Authorization: 'deny' })
    assert.equal(denied.status, 403)
    await tail.getByText(`${apiId}/prod ${ok.headers.get('x-amzn-requestid')} GET /pets/{id} 200`).waitFor()
    await tail.getByText(`${apiId}/prod ${denied.headers.get('x-amzn-requestid')} GET /pets/{id} 403`).waitFor()

    // a stage filter that matches nothing empties the tail
    await page.getByLabel('Stage', { exact: true }).fill('beta')
    await page.getByText('No lines yet.', { exact: false }).waitFor()
    await page.getByLabel('Stage', { exact: true }).fill('prod')
    await tail.getByText(`${ok.headers.get('x-amzn-requestid')}`, { exact: false }).waitFor()

    await page.getByRole('button', { name: 'Refresh' }).click()
    const series = page.getByRole('region', { name: 'Authorized · prod' })
    for (const range of ['1h', '3h', '24h']) {
      await page.getByLabel('Period').selectOption(range)
      await series.getByTestId('series-count').waitFor()
      assert.ok(Number(await series.getByTestId('series-count').innerText()) >= 2)
      const percentiles = series.getByRole('img', { name: /^Latency \(ms\) p50 \/ p90 \/ p99: max \d/ })
      await percentiles.waitFor()
      // one line (or, for a single minute, one dot) per percentile
      assert.equal(await percentiles.locator('.line-0, .line-1, .line-2').count(), 3)
      await series.getByRole('img', { name: /^CacheMissCount: max / }).waitFor()
    }
    await shot('dashboard-tail')
  })

  it('shows who changed what in the audit trail, parameters with secrets redacted', async () => {
    await page.getByRole('link', { name: 'API keys & usage plans' }).click()
    await page.getByLabel('Key name').fill('audited-key')
    await page.getByRole('button', { name: 'Create API key' }).click()
    await page.getByRole('cell', { name: 'audited-key' }).waitFor()

    await page.getByRole('link', { name: 'Audit trail' }).click()
    const table = page.getByRole('table', { name: 'Audit trail' })
    const newest = table.locator('tbody tr').first()
    await newest.getByText('CreateApiKey').waitFor()
    assert.match(await newest.innerText(), new RegExp(`${ACCESS_KEY_ID}\\s+CreateApiKey\\s+/apikeys`))
    await newest.getByText('Show').click()
    assert.match(await newest.locator('pre').innerText(), /"name": "audited-key"/)
    // the stage change made with the SDK before the page opened is there too
    await table.getByRole('cell', { name: `/restapis/${apiId}/stages/prod` }).waitFor()
    await shot('audit')
  })

  it('lists HTTP APIs, creates one, and shows its integrations, routes and stages', async () => {
    await page.getByRole('link', { name: 'HTTP APIs' }).click()
    await page.getByRole('heading', { name: 'HTTP APIs' }).waitFor()
    await page.getByLabel('HTTP API name').fill('console-http')
    await page.getByRole('button', { name: 'Create HTTP API' }).click()
    await page.getByRole('link', { name: 'console-http' }).click()
    await page.getByRole('tab', { name: 'Routes', selected: true }).waitFor()

    await page.getByRole('tab', { name: 'Integrations' }).click()
    await page.getByLabel('Integration URI').fill('https://example.com/{proxy}')
    await page.getByRole('button', { name: 'Create integration' }).click()
    await page.getByRole('table', { name: 'Integrations' }).getByRole('cell', { name: 'https://example.com/{proxy}' }).waitFor()

    await page.getByRole('tab', { name: 'Routes' }).click()
    await page.getByLabel('Route key').fill('GET /things/{proxy+}')
    await page.getByLabel('Integration target').selectOption({ label: 'HTTP_PROXY https://example.com/{proxy}' })
    await page.getByRole('button', { name: 'Create route' }).click()
    const route = page.getByRole('table', { name: 'Routes' }).getByRole('row', { name: /GET \/things\/\{proxy\+\}/ })
    await route.waitFor()
    assert.match(await route.innerText(), /HTTP_PROXY https:\/\/example\.com\/\{proxy\}\s+NONE/)
    // a route key AWS refuses shows its error next to the field
    await page.getByLabel('Route key').fill('nonsense')
    await page.getByRole('button', { name: 'Create route' }).click()
    await page.getByRole('region', { name: 'Create route' }).getByRole('alert').waitFor()
    await shot('http-api')

    await page.getByRole('tab', { name: 'Stages' }).click()
    await page.getByRole('button', { name: 'Create auto-deployed stage' }).click()
    await page.getByRole('table', { name: 'Stages' }).getByRole('cell', { name: '$default' }).waitFor()

    // back in the list, Delete asks first, then the API is gone
    await page.getByRole('link', { name: 'HTTP APIs' }).first().click()
    page.once('dialog', (dialog) => void dialog.accept())
    await page.getByRole('button', { name: 'Delete console-http' }).click()
    await page.getByRole('cell', { name: 'No HTTP APIs yet.' }).waitFor()
  })
})
