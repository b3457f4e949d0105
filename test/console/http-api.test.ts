/**
 * The console's HTTP API views end to end (issue 18): integrations, routes, authorizers (JWT and
 * Lambda REQUEST) attached to a route with scopes, CORS and stages (deployed by hand, deployment
 * history, route settings, access logging), each created, edited and
 * deleted in Debian's Chromium as a user would, the result read back with the apigatewayv2 SDK
 * and seen in real requests to the auto-deployed stage, whose integration is a real server on
 * loopback. `PORTICO_SCREENSHOTS=1` also writes the route view to docs/console/http-api-route.png.
 */
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, it } from 'node:test'
import * as v2sdk from '@aws-sdk/client-apigatewayv2'
import type { Locator } from 'playwright-core'
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY } from '../control/harness.ts'
import { useV2Harness } from '../control/v2-harness.ts'
import { eventually } from '../support/until.ts'
import { useConsoleBrowser } from './browser.ts'

let echoUrl = ''
let apiId = ''
const h = useV2Harness(async (started) => {
  // the integration's backend: answers the path it was sent
  const echo = createServer((req, res) => {
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ url: req.url }))
  })
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve))
  echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`
  apiId = (await started.v2.send(new v2sdk.CreateApiCommand({ Name: 'console-edits', ProtocolType: 'HTTP' }))).ApiId!
  await started.v2.send(new v2sdk.CreateStageCommand({ ApiId: apiId, StageName: 'prod', AutoDeploy: true }))
  return () => new Promise((resolve) => echo.close(resolve))
})
const ui = useConsoleBrowser({ signIn: () => ({ url: h.endpoint, accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY }) })

const LAMBDA_URI = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations'

describe('the console edits an HTTP API', { timeout: 180_000 }, () => {
  const page = () => ui.page
  const region = (name: string) => ui.region(name)
  const form = (within: Locator, name: string) => ui.form(within, name)
  const tab = (name: string) => page().getByRole('tab', { name, exact: true }).click()
  const invoke = async (path: string, init?: RequestInit) => {
    await h.portico.settled()
    return fetch(`${h.endpoint}/_aws/execute-api/${apiId}/prod${path}`, init)
  }
  const authorizers = () => h.v2.send(new v2sdk.GetAuthorizersCommand({ ApiId: apiId }))
  let integrationId = ''
  let routeId = ''

  it('creates an integration, then edits its URI and timeout', async () => {
    await page().goto(`${h.endpoint}/_portico/console/#/http-apis/${apiId}/integrations`)
    const create = region('Create integration')
    await create.getByLabel('Integration URI', { exact: true }).fill(`${echoUrl}/first`)
    await create.getByRole('button', { name: 'Create integration' }).click()
    const link = page().getByRole('table', { name: 'Integrations' }).getByRole('link')
    await link.waitFor()
    integrationId = (await link.innerText()).trim()
    await link.click()
    const details = form(region(`Integration ${integrationId}`), 'Integration details')
    await details.getByLabel('Integration URI', { exact: true }).fill(`${echoUrl}/second`)
    await details.getByLabel('Timeout (milliseconds)', { exact: true }).fill('5000')
    await details.getByRole('button', { name: 'Save integration' }).click()
    const integration = await eventually(() => h.v2.send(new v2sdk.GetIntegrationCommand({ ApiId: apiId, IntegrationId: integrationId })), (i) => i.TimeoutInMillis === 5000)
    assert.deepEqual([integration.IntegrationType, integration.IntegrationUri, integration.IntegrationMethod], ['HTTP_PROXY', `${echoUrl}/second`, 'ANY'])
    // AWS's refusal shows beside the form
    await details.getByLabel('Timeout (milliseconds)', { exact: true }).fill('10')
    await details.getByRole('button', { name: 'Save integration' }).click()
    assert.match(await details.getByRole('alert').innerText(), /^BadRequestException: /)
  })

  it('creates a route to it, and edits its key', async () => {
    await tab('Routes')
    const create = region('Create route')
    await create.getByLabel('Route key', { exact: true }).fill('GET /stuff')
    await create.getByLabel('Integration target for the new route', { exact: true }).selectOption({ label: `HTTP_PROXY ${echoUrl}/second` })
    await create.getByRole('button', { name: 'Create route' }).click()
    await page().getByRole('table', { name: 'Routes' }).getByRole('link', { name: 'GET /stuff' }).click()
    const route = region('Route GET /stuff')
    routeId = (await route.locator('p code').innerText()).trim()
    // by keyboard: Enter in the field saves its form
    const key = form(route, 'Route details').getByLabel('Route key', { exact: true })
    await key.fill('GET /things')
    await key.press('Enter')
    await region('Route GET /things').waitFor()
    assert.equal((await invoke('/things')).status, 200)
    assert.deepEqual(await (await invoke('/things')).json(), { url: '/second' })
  })

  it('creates JWT and Lambda authorizers, edits them, and shows AWS refusals beside the form', async () => {
    await tab('Authorization')
    const create = form(region('Create authorizer'), 'Create authorizer')
    await create.getByLabel('Authorizer name', { exact: true }).fill('jwt')
    await create.getByLabel('Issuer URL', { exact: true }).fill('not-a-url')
    await create.getByRole('button', { name: 'Create authorizer' }).click()
    assert.match(await create.getByRole('alert').innerText(), /^BadRequestException: A JWT authorizer needs jwtConfiguration.issuer/)
    await create.getByLabel('Issuer URL', { exact: true }).fill('https://issuer.example.com')
    await create.getByLabel('Audience (comma-separated)', { exact: true }).fill('console')
    await create.getByRole('button', { name: 'Create authorizer' }).click()
    const table = page().getByRole('table', { name: 'Authorizers' })
    await table.getByRole('link', { name: 'jwt' }).waitFor()

    const lambda = form(region('Create authorizer'), 'Create authorizer')
    await lambda.getByLabel('Authorizer name', { exact: true }).fill('lambda')
    await lambda.getByLabel('Authorizer type', { exact: true }).selectOption('REQUEST')
    await lambda.getByLabel('Lambda function URI', { exact: true }).fill(LAMBDA_URI)
    await lambda.getByLabel('Payload format version', { exact: true }).selectOption('2.0')
    await lambda.getByLabel('Simple responses (isAuthorized)', { exact: true }).check()
    await lambda.getByRole('button', { name: 'Create authorizer' }).click()
    await table.getByRole('link', { name: 'lambda' }).click()
    const edit = form(region('Authorizer lambda'), 'Authorizer lambda')
    await edit.getByLabel('Result TTL (seconds)', { exact: true }).fill('60')
    await edit.getByRole('button', { name: 'Save authorizer' }).click()
    const saved = (await eventually(authorizers, (a) => a.Items?.find((x) => x.Name === 'lambda')?.AuthorizerResultTtlInSeconds === 60)).Items!
    const byName = Object.fromEntries(saved.map((a) => [a.Name, a]))
    assert.deepEqual([byName.jwt!.AuthorizerType, byName.jwt!.JwtConfiguration, byName.jwt!.IdentitySource], ['JWT', { Issuer: 'https://issuer.example.com', Audience: ['console'] }, ['$request.header.Authorization']])
    assert.deepEqual([byName.lambda!.AuthorizerType, byName.lambda!.AuthorizerUri, byName.lambda!.AuthorizerPayloadFormatVersion, byName.lambda!.EnableSimpleResponses], ['REQUEST', LAMBDA_URI, '2.0', true])
    // simple responses need format 2.0: the control follows the format
    await edit.getByLabel('Payload format version', { exact: true }).selectOption('1.0')
    assert.equal(await edit.getByLabel('Simple responses (isAuthorized)', { exact: true }).isDisabled(), true)
  })

  it('attaches the JWT authorizer to the route with scopes, and a request without a token is refused', async () => {
    await page().goto(`${h.endpoint}/_portico/console/#/http-apis/${apiId}/routes/${routeId}`)
    const auth = form(region('Route GET /things'), 'Route authorization')
    await auth.getByLabel('Authorizer', { exact: true }).selectOption({ label: 'jwt (JWT)' })
    await auth.getByLabel('Authorization scopes (comma-separated)', { exact: true }).fill('read:things, write:things')
    await auth.getByRole('button', { name: 'Save authorization' }).click()
    const route = await eventually(() => h.v2.send(new v2sdk.GetRouteCommand({ ApiId: apiId, RouteId: routeId })), (r) => r.AuthorizationType === 'JWT')
    assert.deepEqual(route.AuthorizationScopes, ['read:things', 'write:things'])
    await page().getByRole('table', { name: 'Routes' }).getByRole('cell', { name: 'JWT jwt' }).waitFor()
    assert.equal((await invoke('/things')).status, 401)
    await ui.shot('http-api-route', { top: true })
    assert.deepEqual(await ui.wideAtPhoneWidth(), [])

    // an authorizer in use cannot be deleted: AWS's conflict shows in its panel
    await tab('Authorization')
    await page().getByRole('table', { name: 'Authorizers' }).getByRole('link', { name: 'jwt' }).click()
    page().once('dialog', (dialog) => void dialog.accept())
    await region('Authorizer jwt').getByRole('button', { name: 'Delete authorizer jwt' }).click()
    assert.match(await region('Authorizer jwt').getByRole('alert').innerText(), /^ConflictException: /)

    // back to no authorization: the request passes, and the authorizer can go
    await page().goto(`${h.endpoint}/_portico/console/#/http-apis/${apiId}/routes/${routeId}`)
    await form(region('Route GET /things'), 'Route authorization').getByLabel('Authorizer', { exact: true }).selectOption('NONE')
    await form(region('Route GET /things'), 'Route authorization').getByRole('button', { name: 'Save authorization' }).click()
    await eventually(() => h.v2.send(new v2sdk.GetRouteCommand({ ApiId: apiId, RouteId: routeId })), (r) => r.AuthorizationType === 'NONE' && r.AuthorizerId === undefined && r.AuthorizationScopes === undefined)
    assert.equal((await invoke('/things')).status, 200)
    await tab('Authorization')
    await page().getByRole('table', { name: 'Authorizers' }).getByRole('link', { name: 'jwt' }).click()
    page().once('dialog', (dialog) => void dialog.accept())
    await region('Authorizer jwt').getByRole('button', { name: 'Delete authorizer jwt' }).click()
    await page().getByRole('table', { name: 'Authorizers' }).getByRole('link', { name: 'jwt' }).waitFor({ state: 'detached' })
    assert.deepEqual(((await authorizers()).Items ?? []).map((a) => a.Name), ['lambda'])
  })

  it('configures CORS, a preflight request gets its headers, and deletes it', async () => {
    await tab('CORS')
    const cors = form(region('Cross-origin resource sharing (CORS)'), 'CORS configuration')
    await cors.getByLabel('Access-Control-Allow-Origin (comma-separated)', { exact: true }).fill('https://app.example.com')
    await cors.getByLabel('Access-Control-Allow-Methods', { exact: true }).fill('GET, POST')
    await cors.getByLabel('Access-Control-Max-Age (seconds)', { exact: true }).fill('300')
    await cors.getByRole('button', { name: 'Save CORS' }).click()
    const api = () => h.v2.send(new v2sdk.GetApiCommand({ ApiId: apiId }))
    const configured = await eventually(api, (a) => a.CorsConfiguration?.MaxAge === 300)
    assert.deepEqual([configured.CorsConfiguration?.AllowOrigins, configured.CorsConfiguration?.AllowMethods], [['https://app.example.com'], ['GET', 'POST']])
    const preflight = await invoke('/things', { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' } })
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://app.example.com')
    assert.equal(preflight.headers.get('access-control-max-age'), '300')
    // AWS refuses credentials with any origin, beside the form
    await cors.getByLabel('Access-Control-Allow-Origin (comma-separated)', { exact: true }).fill('*')
    await cors.getByLabel('Access-Control-Allow-Credentials', { exact: true }).check()
    await cors.getByRole('button', { name: 'Save CORS' }).click()
    assert.match(await cors.getByRole('alert').innerText(), /^BadRequestException: allow-credentials cannot be used with allow-origin '\*'/)

    await cors.getByRole('button', { name: 'Delete CORS configuration' }).click()
    await page().getByTestId('cors-state').getByText('No CORS configuration.').waitFor()
    assert.equal((await api()).CorsConfiguration, undefined)
  })

  it('deploys to a stage without automatic deployment, lists the deployments and points the stage back at an older one', async () => {
    await h.v2.send(new v2sdk.CreateStageCommand({ ApiId: apiId, StageName: 'manual' }))
    const stage = () => h.v2.send(new v2sdk.GetStageCommand({ ApiId: apiId, StageName: 'manual' }))
    const invokeManual = async () => {
      await h.portico.settled()
      return (await (await fetch(`${h.endpoint}/_aws/execute-api/${apiId}/manual/things`)).json()) as unknown
    }
    await page().goto(`${h.endpoint}/_portico/console/#/http-apis/${apiId}/stages/manual`)
    const deploy = form(region('Deploy'), 'Deploy API')
    const deployTo = async (description: string) => {
      await deploy.getByLabel('Deploy to stage', { exact: true }).selectOption('manual')
      await deploy.getByLabel('Deployment description', { exact: true }).fill(description)
      await deploy.getByRole('button', { name: 'Deploy' }).click()
      const done = await region('Deploy').getByRole('status').getByText(/^Deployed \w+ to stage manual\.$/).innerText()
      return /^Deployed (\w+) /.exec(done)![1]!
    }
    const first = await deployTo('first')
    assert.equal((await stage()).DeploymentId, first)
    assert.deepEqual(await invokeManual(), { url: '/second' })
    await page().getByTestId('stage-deployment').getByText(first).waitFor()

    // the API changes: the auto-deploy stage follows, the manual one serves what was deployed until deployed again
    await h.v2.send(new v2sdk.UpdateIntegrationCommand({ ApiId: apiId, IntegrationId: integrationId, IntegrationUri: `${echoUrl}/third` }))
    assert.deepEqual(await invokeManual(), { url: '/second' })
    const second = await deployTo('second')
    assert.deepEqual(await invokeManual(), { url: '/third' })
    const listed = (await h.v2.send(new v2sdk.GetDeploymentsCommand({ ApiId: apiId }))).Items!
    assert.deepEqual(
      listed.filter((d) => d.AutoDeployed === false).map((d) => [d.DeploymentId, d.Description]).sort(),
      [[first, 'first'], [second, 'second']].sort(),
    )

    // the history marks the stage's deployment, and makes the older one active again
    const history = page().getByRole('table', { name: 'Deployments' })
    await history.getByRole('row').filter({ hasText: second }).getByRole('cell', { name: 'manual', exact: true }).waitFor()
    await history.getByRole('button', { name: `Make ${first} active on stage manual` }).click()
    await history.getByRole('row').filter({ hasText: first }).getByRole('cell', { name: 'manual', exact: true }).waitFor()
    assert.equal((await stage()).DeploymentId, first)
    assert.deepEqual(await invokeManual(), { url: '/second' })
    assert.equal(await history.getByRole('button', { name: `Make ${first} active on stage manual` }).count(), 0)

    // an API without routes cannot be deployed: AWS's refusal beside the form
    const empty = (await h.v2.send(new v2sdk.CreateApiCommand({ Name: 'console-empty', ProtocolType: 'HTTP' }))).ApiId!
    await h.v2.send(new v2sdk.CreateStageCommand({ ApiId: empty, StageName: 'manual' }))
    await page().goto(`${h.endpoint}/_portico/console/#/http-apis/${empty}/stages/manual`)
    const refused = form(region('Deploy'), 'Deploy API')
    await refused.getByRole('button', { name: 'Deploy' }).click()
    assert.equal(await refused.getByRole('alert').innerText(), 'BadRequestException: Unable to deploy API because no routes exist in this API')
    assert.deepEqual((await h.v2.send(new v2sdk.GetDeploymentsCommand({ ApiId: empty }))).Items ?? [], [])
  })

  it("saves a stage's detailed metrics, per-route throttling (refused requests until removed) and access logging", async () => {
    const stage = () => h.v2.send(new v2sdk.GetStageCommand({ ApiId: apiId, StageName: 'manual' }))
    const status = async () => {
      await h.portico.settled()
      return (await fetch(`${h.endpoint}/_aws/execute-api/${apiId}/manual/things`)).status
    }
    await page().goto(`${h.endpoint}/_portico/console/#/http-apis/${apiId}/stages/manual`)
    const settings = form(region('Stage manual'), 'Stage manual settings')
    await settings.getByLabel('Detailed route metrics', { exact: true }).check()
    await settings.getByRole('button', { name: 'Save stage' }).click()
    await eventually(stage, (s) => s.DefaultRouteSettings?.DetailedMetricsEnabled === true)

    // one route's throttling: AWS's refusal beside the form, then a bucket of 0 refuses every request
    const panel = region('Route settings')
    const route = form(panel, 'Settings for one route')
    await route.getByLabel('Route', { exact: true }).selectOption('GET /things')
    await route.getByLabel('Route rate limit (requests per second)', { exact: true }).fill('-1')
    await route.getByRole('button', { name: 'Save route settings' }).click()
    assert.match(await route.getByRole('alert').innerText(), /^BadRequestException: routeSettings\.GET \/things\.throttlingRateLimit must not be negative/)
    await route.getByLabel('Route rate limit (requests per second)', { exact: true }).fill('0')
    await route.getByLabel('Route burst limit', { exact: true }).fill('0')
    await route.getByRole('button', { name: 'Save route settings' }).click()
    await eventually(stage, (s) => s.RouteSettings?.['GET /things']?.ThrottlingBurstLimit === 0)
    assert.deepEqual((await stage()).RouteSettings, { 'GET /things': { DetailedMetricsEnabled: false, ThrottlingBurstLimit: 0, ThrottlingRateLimit: 0 } })
    assert.equal(await status(), 429)

    // Edit loads the route's settings into the form; limits cleared and metrics on replace them
    const rows = page().getByRole('table', { name: 'Route settings' })
    await rows.getByRole('button', { name: 'Edit route settings of GET /things' }).click()
    const again = form(region('Route settings'), 'Settings for one route')
    assert.equal(await again.getByLabel('Route burst limit', { exact: true }).inputValue(), '0')
    await again.getByLabel('Route rate limit (requests per second)', { exact: true }).fill('')
    await again.getByLabel('Route burst limit', { exact: true }).fill('')
    await again.getByLabel('Detailed metrics for the route', { exact: true }).check()
    await again.getByRole('button', { name: 'Save route settings' }).click()
    await eventually(stage, (s) => s.RouteSettings?.['GET /things']?.DetailedMetricsEnabled === true)
    assert.deepEqual((await stage()).RouteSettings, { 'GET /things': { DetailedMetricsEnabled: true } })
    assert.equal(await status(), 200)
    await page().getByRole('table', { name: 'Route settings' }).getByRole('button', { name: 'Remove route settings of GET /things' }).click()
    await page().getByRole('table', { name: 'Route settings' }).getByRole('cell', { name: "No route overrides the stage's defaults." }).waitFor()
    assert.deepEqual((await stage()).RouteSettings ?? {}, {})

    // access logging: a format without the request id is refused beside the form
    const logs = form(region('Access logging'), 'Access logging')
    const arn = 'arn:aws:logs:us-east-1:123456789012:log-group:console-http'
    await logs.getByLabel('Log destination ARN', { exact: true }).fill(arn)
    await logs.getByLabel('Log format', { exact: true }).fill('$context.status')
    await logs.getByRole('button', { name: 'Save access logging' }).click()
    assert.match(await logs.getByRole('alert').innerText(), /^BadRequestException: Access Log format must contain at least \$context\.requestId/)
    await logs.getByLabel('Log format', { exact: true }).fill('$context.requestId $context.status')
    await logs.getByRole('button', { name: 'Save access logging' }).click()
    await page().getByTestId('access-log-state').getByText(`Logging to ${arn}.`).waitFor()
    assert.deepEqual((await stage()).AccessLogSettings, { DestinationArn: arn, Format: '$context.requestId $context.status' })
    await form(region('Access logging'), 'Access logging').getByRole('button', { name: 'Turn off access logging' }).click()
    await page().getByTestId('access-log-state').getByText('Access logging is off.').waitFor()
    assert.equal((await stage()).AccessLogSettings, undefined)
  })

  it('creates a stage, edits its settings and variables, and deletes it; deletes the route and the integration', async () => {
    await tab('Stages')
    await region('Create stage').getByLabel('Stage name', { exact: true }).fill('beta')
    await region('Create stage').getByRole('button', { name: 'Create auto-deployed stage' }).click()
    await page().getByRole('table', { name: 'Stages' }).getByRole('link', { name: 'beta' }).click()
    const settings = form(region('Stage beta'), 'Stage beta settings')
    await settings.getByLabel('Stage description', { exact: true }).fill('for testers')
    await settings.getByLabel('Default rate limit (requests per second)', { exact: true }).fill('50')
    await settings.getByLabel('Default burst limit', { exact: true }).fill('20')
    await settings.getByLabel('Stage variables (one name=value a line)', { exact: true }).fill('backend=blue\nmode=test')
    // by keyboard: Tab from the last field reaches Save, and Space presses it
    await ui.page.keyboard.press('Tab')
    assert.equal(await ui.page.evaluate(() => document.activeElement?.textContent), 'Save stage')
    await ui.page.keyboard.press('Space')
    const stage = await eventually(() => h.v2.send(new v2sdk.GetStageCommand({ ApiId: apiId, StageName: 'beta' })), (s) => s.Description === 'for testers')
    assert.deepEqual([stage.AutoDeploy, stage.DefaultRouteSettings?.ThrottlingRateLimit, stage.DefaultRouteSettings?.ThrottlingBurstLimit, stage.StageVariables], [true, 50, 20, { backend: 'blue', mode: 'test' }])
    page().once('dialog', (dialog) => void dialog.accept())
    await region('Stage beta').getByRole('button', { name: 'Delete stage beta' }).click()
    await page().getByRole('table', { name: 'Stages' }).getByRole('link', { name: 'beta' }).waitFor({ state: 'detached' })

    await tab('Routes')
    await page().getByRole('table', { name: 'Routes' }).getByRole('link', { name: 'GET /things' }).click()
    page().once('dialog', (dialog) => void dialog.accept())
    await region('Route GET /things').getByRole('button', { name: 'Delete route GET /things' }).click()
    await page().getByRole('table', { name: 'Routes' }).getByRole('cell', { name: 'No routes yet.' }).waitFor()
    await tab('Integrations')
    await page().getByRole('table', { name: 'Integrations' }).getByRole('link', { name: integrationId }).click()
    page().once('dialog', (dialog) => void dialog.accept())
    await region(`Integration ${integrationId}`).getByRole('button', { name: `Delete integration ${integrationId}` }).click()
    await page().getByRole('table', { name: 'Integrations' }).getByRole('cell', { name: 'No integrations yet.' }).waitFor()
    const left = await Promise.all([h.v2.send(new v2sdk.GetRoutesCommand({ ApiId: apiId })), h.v2.send(new v2sdk.GetIntegrationsCommand({ ApiId: apiId }))])
    assert.deepEqual(left.map((l) => l.Items ?? []), [[], []])
  })
})
