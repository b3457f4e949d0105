/**
 * The console's Test button on an authorizer (TestInvokeAuthorizer) in Debian's Chromium, against
 * the real local authorizer functions of test/fixtures/e2e/authorizers-app: an allowed token shows
 * status 200, the principal and the log; a denied one shows 403 — the same answers the AWS CLI
 * gets in test/control/test-invoke-authorizer.test.ts.
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { loadConfigFile } from '../../src/config-file.ts'
import { serveFile } from '../support/serve-file.ts'
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY, useHarness } from '../control/harness.ts'
import { launchChromium } from './browser.ts'
import { signIn } from './session.ts'

const app = join(import.meta.dirname, '..', 'fixtures', 'e2e', 'authorizers-app')
const harness = useHarness({}, { functions: await loadConfigFile({ path: join(app, 'portico.config.json') }) })

describe('the console tests an authorizer', { timeout: 120_000 }, () => {
  let browser: Browser
  let page: Page
  let apiId = ''

  before(async () => {
    apiId = (await serveFile(harness.portico, join(app, 'api.yaml'), 'prod')).apiId
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await signIn(page, harness.endpoint, ACCESS_KEY_ID, SECRET_ACCESS_KEY)
  })

  after(async () => {
    await browser?.close()
  })

  it('shows the status, principal and log of an allowed and a refused token', async () => {
    await page.goto(`${harness.endpoint}/_portico/console/#/apis/${apiId}/definitions`)
    const authorizers = page.getByRole('region', { name: 'Authorizers', exact: true })
    await authorizers.locator('summary').filter({ hasText: /^token\s/ }).click()
    const form = authorizers.getByRole('form', { name: 'Test authorizer token', exact: true })
    await form.getByLabel('Headers (one Name: value a line)', { exact: true }).fill('Authorization: allow-console')
    await form.getByLabel('Path and query string', { exact: true }).fill('/pets')
    await form.getByRole('button', { name: 'Test authorizer token' }).click()
    await authorizers.getByTestId('authorizer-status').waitFor()
    assert.equal(await authorizers.getByTestId('authorizer-status').innerText(), '200')
    await authorizers.getByText('user-allow-console', { exact: true }).waitFor()
    assert.match(await authorizers.locator('pre.log').innerText(), /Starting authorizer/)

    await form.getByLabel('Headers (one Name: value a line)', { exact: true }).fill('Authorization: deny')
    await form.getByRole('button', { name: 'Test authorizer token' }).click()
    await authorizers.getByTestId('authorizer-status').getByText('403', { exact: true }).waitFor()
  })
})
