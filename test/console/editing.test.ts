/**
 * The console's editing forms (issue 18): the method execution panels, the definitions
 * (authorizers, models, request validators, gateway responses) and the stage settings, each
 * edited in Debian's Chromium as a user would, and the result read back through the management
 * API with the AWS SDK, or seen in a real request to the deployed API. The API under test is
 * built with the SDK first; an HTTP integration points at a real server on loopback.
 *
 * `PORTICO_SCREENSHOTS=1` also writes the editing views to docs/console/.
 */
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import type { Locator } from 'playwright-core'
import * as sdk from '@aws-sdk/client-api-gateway'
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY, useHarness } from '../control/harness.ts'
import { eventually } from '../support/until.ts'
import { useConsoleBrowser } from './browser.ts'
import { closeServer } from '../support/close-server.ts'

const harness = useHarness()
const ui = useConsoleBrowser({ signIn: () => ({ url: harness.endpoint, accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY }) })
const LAMBDA_URI = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations'

describe('the console edits', { timeout: 180_000 }, () => {
  let echo: Server
  let echoUrl = ''
  let apiId = ''
  let itemsId = ''

  before(async () => {
    // the HTTP integration's backend: answers the headers it was sent
    echo = createServer((req, res) => {
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers }))
    })
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve))
    echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`

    const api = await harness.client.send(new sdk.CreateRestApiCommand({ name: 'Editing' }))
    apiId = api.id!
    const resources = await harness.client.send(new sdk.GetResourcesCommand({ restApiId: apiId }))
    const items = await harness.client.send(new sdk.CreateResourceCommand({ restApiId: apiId, parentId: resources.items![0]!.id!, pathPart: 'items' }))
    itemsId = items.id!
    const on = { restApiId: apiId, resourceId: itemsId }
    await harness.client.send(new sdk.PutMethodCommand({ ...on, httpMethod: 'GET', authorizationType: 'NONE' }))
    await harness.client.send(new sdk.PutIntegrationCommand({ ...on, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
    await harness.client.send(new sdk.PutMethodResponseCommand({ ...on, httpMethod: 'GET', statusCode: '200' }))
    await harness.client.send(new sdk.PutIntegrationResponseCommand({ ...on, httpMethod: 'GET', statusCode: '200', responseTemplates: { 'application/json': '{"v": 1}' } }))
    await harness.client.send(new sdk.CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev' }))
  })

  after(async () => {
    await closeServer(echo)
  })

  /** A panel (region), fieldset (group) or form of the page, by its accessible name. */
  const region = (name: string) => ui.region(name)
  const group = (within: Locator, name: string) => ui.group(within, name)
  const form = (within: Locator, name: string) => ui.form(within, name)
  const deploy = () => harness.client.send(new sdk.CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev' }))
  const invoke = (path: string, init?: RequestInit) => fetch(`${harness.endpoint}/_aws/execute-api/${apiId}/dev${path}`, init)

  it('creates, updates and deletes validators, models, authorizers and gateway responses', async () => {
    await ui.page.goto(`${harness.endpoint}/_portico/console/#/apis/${apiId}/definitions`)
    const validators = region('Request validators')
    const newValidator = form(validators, 'Create request validator')
    await newValidator.getByLabel('Validator name', { exact: true }).fill('strict')
    await newValidator.getByLabel('Validate body', { exact: true }).check()
    await newValidator.getByLabel('Validate query string parameters and headers', { exact: true }).check()
    await newValidator.getByRole('button', { name: 'Create validator' }).click()
    await validators.getByText('strict', { exact: true }).click()
    const strict = form(validators, 'Validator strict')
    await strict.getByLabel('Validate body', { exact: true }).uncheck()
    await strict.getByRole('button', { name: 'Save validator strict' }).click()
    const [validator] = (await eventually(() => harness.client.send(new sdk.GetRequestValidatorsCommand({ restApiId: apiId })), (v) => v.items?.[0]?.validateRequestBody === false)).items!
    assert.deepEqual({ name: validator!.name, body: validator!.validateRequestBody, parameters: validator!.validateRequestParameters }, { name: 'strict', body: false, parameters: true })

    const models = region('Models')
    await models.locator('summary', { hasText: 'Create model' }).click()
    const newModel = form(models, 'Create model')
    await newModel.getByLabel('Model name', { exact: true }).fill('Item')
    await newModel.getByLabel('Model schema', { exact: true }).fill('{"type": "object", "required": ["id"]}')
    await newModel.getByRole('button', { name: 'Create model' }).click()
    await models.locator('summary').filter({ hasText: /^Item\s/ }).click()
    await models.getByLabel('Schema of Item', { exact: true }).fill('{"type": "object", "required": ["id", "name"]}')
    await models.getByRole('button', { name: 'Save Schema of Item' }).click()
    await eventually(() => harness.client.send(new sdk.GetModelCommand({ restApiId: apiId, modelName: 'Item' })), (m) => JSON.parse(m.schema!).required.length === 2)

    const authorizers = region('Authorizers')
    await authorizers.locator('summary', { hasText: 'Create authorizer' }).click()
    const newAuthorizer = form(authorizers, 'Create authorizer')
    await newAuthorizer.getByLabel('Authorizer name', { exact: true }).fill('tokens')
    await newAuthorizer.getByLabel('Lambda function URI', { exact: true }).fill(LAMBDA_URI)
    await newAuthorizer.getByRole('button', { name: 'Create authorizer' }).click()
    await authorizers.locator('summary').filter({ hasText: /^tokens\s/ }).click()
    const tokens = form(authorizers, 'Authorizer tokens')
    await tokens.getByLabel('Result TTL (seconds)', { exact: true }).fill('60')
    await tokens.getByLabel('Identity source', { exact: true }).fill('method.request.header.X-Token')
    await tokens.getByRole('button', { name: 'Save authorizer tokens' }).click()
    const authorizer = (await eventually(() => harness.client.send(new sdk.GetAuthorizersCommand({ restApiId: apiId })), (a) => a.items?.[0]?.authorizerResultTtlInSeconds === 60)).items![0]!
    assert.deepEqual([authorizer.name, authorizer.type, authorizer.authorizerUri, authorizer.identitySource], ['tokens', 'TOKEN', LAMBDA_URI, 'method.request.header.X-Token'])

    // an AWS error shows next to the form that caused it
    await tokens.getByLabel('Result TTL (seconds)', { exact: true }).fill('999999')
    await tokens.getByRole('button', { name: 'Save authorizer tokens' }).click()
    assert.match(await tokens.getByRole('alert').innerText(), /BadRequestException: Invalid Authorizer TTL/)

    const responses = region('Gateway responses')
    const customise = form(responses, 'Customise gateway response')
    await customise.getByLabel('Response type', { exact: true }).selectOption('MISSING_AUTHENTICATION_TOKEN')
    await customise.getByLabel('Status code', { exact: true }).fill('404')
    await customise.getByRole('button', { name: 'Customise' }).click()
    await responses.locator('summary').filter({ hasText: 'MISSING_AUTHENTICATION_TOKEN → 404' }).click()
    const headers = group(responses, 'Response headers of MISSING_AUTHENTICATION_TOKEN')
    await headers.getByLabel('Header', { exact: true }).fill('gatewayresponse.header.X-Why')
    await headers.getByLabel('Value', { exact: true }).fill("'no-such-route'")
    await headers.getByRole('button', { name: 'Add to Response headers of MISSING_AUTHENTICATION_TOKEN' }).click()
    await headers.getByText('gatewayresponse.header.X-Why').waitFor()
    const templates = group(responses, 'Response templates of MISSING_AUTHENTICATION_TOKEN')
    await templates.getByRole('button', { name: 'Add to Response templates of MISSING_AUTHENTICATION_TOKEN' }).click()
    const template = templates.getByLabel('Template of MISSING_AUTHENTICATION_TOKEN application/json', { exact: true })
    await template.fill('{"missing": "$context.resourcePath"}')
    await templates.getByRole('button', { name: 'Save Template of MISSING_AUTHENTICATION_TOKEN application/json' }).click()
    await eventually(() => harness.client.send(new sdk.GetGatewayResponseCommand({ restApiId: apiId, responseType: 'MISSING_AUTHENTICATION_TOKEN' })), (r) => r.responseTemplates?.['application/json']?.includes('missing') === true)
    await deploy()
    const missing = await invoke('/nowhere')
    assert.equal(missing.status, 404)
    assert.equal(missing.headers.get('x-why'), 'no-such-route')
    assert.ok('missing' in ((await missing.json()) as object))

    // deletes: a second validator and model made for it, and the customised response back to default
    await responses.getByRole('button', { name: 'Reset MISSING_AUTHENTICATION_TOKEN to default' }).click()
    await eventually(() => harness.client.send(new sdk.GetGatewayResponseCommand({ restApiId: apiId, responseType: 'MISSING_AUTHENTICATION_TOKEN' })), (r) => r.defaultResponse === true)
    await newValidator.getByLabel('Validator name', { exact: true }).fill('doomed')
    await newValidator.getByRole('button', { name: 'Create validator' }).click()
    await validators.getByText('doomed', { exact: true }).click()
    await validators.getByRole('button', { name: 'Delete validator doomed' }).click()
    await validators.getByText('doomed', { exact: true }).waitFor({ state: 'detached' })
    assert.deepEqual((await harness.client.send(new sdk.GetRequestValidatorsCommand({ restApiId: apiId }))).items!.map((v) => v.name), ['strict'])
    await ui.shot('definitions-edit', { top: true })
    assert.deepEqual(await ui.wideAtPhoneWidth(), [])
  })

  it('edits the method request: authorizer, validator, API key, parameters and models', async () => {
    await ui.page.goto(`${harness.endpoint}/_portico/console/#/apis/${apiId}/resources/${itemsId}/GET`)
    const request = region('Method request')
    const settings = form(request, 'Method request settings')
    await settings.getByLabel('Authorization', { exact: true }).selectOption('CUSTOM')
    await settings.getByLabel('Authorizer', { exact: true }).selectOption({ label: 'tokens' })
    await settings.getByLabel('Request validator', { exact: true }).selectOption({ label: 'strict' })
    await settings.getByRole('button', { name: 'Save method request' }).click()
    await request.getByLabel('API key required', { exact: true }).check()
    const parameters = group(request, 'Request parameters')
    await parameters.getByLabel('Parameter', { exact: true }).fill('method.request.querystring.q')
    await parameters.getByLabel('Required', { exact: true }).check()
    await parameters.getByRole('button', { name: 'Add to Request parameters' }).click()
    await parameters.getByLabel('method.request.querystring.q required', { exact: true }).waitFor()
    await parameters.getByLabel('Parameter', { exact: true }).fill('method.request.header.X-Trace')
    await parameters.getByRole('button', { name: 'Add to Request parameters' }).click()
    await parameters.getByLabel('method.request.header.X-Trace required', { exact: true }).waitFor()
    const models = group(request, 'Request models')
    await models.getByLabel('Content type', { exact: true }).fill('application/json')
    await models.getByLabel('Model', { exact: true }).fill('Item')
    await models.getByRole('button', { name: 'Add to Request models' }).click()
    await models.getByText('Item', { exact: true }).waitFor()
    const get = () => harness.client.send(new sdk.GetMethodCommand({ restApiId: apiId, resourceId: itemsId, httpMethod: 'GET' }))
    const authorizerId = (await harness.client.send(new sdk.GetAuthorizersCommand({ restApiId: apiId }))).items![0]!.id
    const validatorId = (await harness.client.send(new sdk.GetRequestValidatorsCommand({ restApiId: apiId }))).items![0]!.id
    let method = await eventually(get, (m) => m.apiKeyRequired === true && m.requestModels !== undefined)
    assert.deepEqual(
      { type: method.authorizationType, authorizerId: method.authorizerId, validatorId: method.requestValidatorId, parameters: method.requestParameters, models: method.requestModels },
      { type: 'CUSTOM', authorizerId, validatorId, parameters: { 'method.request.querystring.q': true, 'method.request.header.X-Trace': false }, models: { 'application/json': 'Item' } },
    )

    // flip a flag, remove a parameter, and go back to no authorization, no validator, no key
    await parameters.getByLabel('method.request.header.X-Trace required', { exact: true }).check()
    await parameters.getByRole('button', { name: 'Remove method.request.querystring.q from Request parameters' }).click()
    await models.getByRole('button', { name: 'Remove application/json from Request models' }).click()
    await parameters.getByLabel('method.request.querystring.q required', { exact: true }).waitFor({ state: 'detached' })
    await settings.getByLabel('Authorization', { exact: true }).selectOption('NONE')
    await settings.getByLabel('Request validator', { exact: true }).selectOption('')
    await settings.getByRole('button', { name: 'Save method request' }).click()
    await request.getByLabel('API key required', { exact: true }).uncheck()
    method = await eventually(get, (m) => m.apiKeyRequired === false && m.authorizationType === 'NONE' && m.requestModels === undefined && m.requestValidatorId === undefined)
    assert.deepEqual(method.requestParameters, { 'method.request.header.X-Trace': true })
    assert.equal(method.authorizerId, undefined)
  })

  it('edits method responses and integration responses, and a real request shows them', async () => {
    const responses = region('Method responses')
    const addMethodResponse = form(responses, 'Add method response')
    await addMethodResponse.getByLabel('HTTP status', { exact: true }).fill('400')
    await addMethodResponse.getByRole('button', { name: 'Add method response' }).click()
    await responses.getByRole('region', { name: 'Method response 400' }).waitFor()
    const ok = group(responses, 'Response headers (200)')
    await ok.getByLabel('Header', { exact: true }).fill('method.response.header.X-Item')
    await ok.getByRole('button', { name: 'Add to Response headers (200)' }).click()
    await ok.getByLabel('method.response.header.X-Item required', { exact: true }).waitFor()

    const integration = region('Integration responses')
    const addIntegrationResponse = form(integration, 'Add integration response')
    await addIntegrationResponse.getByLabel('Method response status', { exact: true }).fill('400')
    await addIntegrationResponse.getByLabel('Selection pattern', { exact: true }).fill('.*Bad.*')
    await addIntegrationResponse.getByRole('button', { name: 'Add integration response' }).click()
    const bad = integration.getByRole('region', { name: 'Integration response 400' })
    await bad.waitFor()
    await form(bad, 'Selection pattern of 400').getByLabel('Selection pattern', { exact: true }).fill('.*Invalid.*')
    await bad.getByRole('button', { name: 'Save selection pattern of 400' }).click()
    const mappings = group(integration, 'Header mappings (200)')
    await mappings.getByLabel('Response header', { exact: true }).fill('method.response.header.X-Item')
    await mappings.getByLabel('Mapping value', { exact: true }).fill("'from-console'")
    await mappings.getByRole('button', { name: 'Add to Header mappings (200)' }).click()
    await mappings.getByText("'from-console'").waitFor()
    await integration.getByLabel('Response template 200 application/json', { exact: true }).fill('{"v": 2, "path": "$context.resourcePath"}')
    await integration.getByRole('button', { name: 'Save Response template 200 application/json' }).click()

    const on = { restApiId: apiId, resourceId: itemsId, httpMethod: 'GET' }
    await eventually(() => harness.client.send(new sdk.GetIntegrationResponseCommand({ ...on, statusCode: '200' })), (r) => r.responseTemplates?.['application/json']?.includes('"v": 2') === true)
    assert.equal((await harness.client.send(new sdk.GetIntegrationResponseCommand({ ...on, statusCode: '400' }))).selectionPattern, '.*Invalid.*')
    assert.deepEqual((await harness.client.send(new sdk.GetMethodResponseCommand({ ...on, statusCode: '200' }))).responseParameters, { 'method.response.header.X-Item': false })
    await deploy()
    const answer = await invoke('/items', { headers: { 'x-trace': 't' } })
    assert.equal(answer.status, 200)
    assert.equal(answer.headers.get('x-item'), 'from-console')
    assert.deepEqual(await answer.json(), { v: 2, path: '/items' })
    await ui.shot('method-edit', { top: true })
    assert.deepEqual(await ui.wideAtPhoneWidth(), [])

    // deletes: the 400 integration response, then its method response
    await bad.getByRole('button', { name: 'Delete integration response 400' }).click()
    await bad.waitFor({ state: 'detached' })
    await responses.getByRole('button', { name: 'Delete method response 400' }).click()
    await responses.getByRole('region', { name: 'Method response 400' }).waitFor({ state: 'detached' })
    const method = await harness.client.send(new sdk.GetMethodCommand(on))
    assert.deepEqual(Object.keys(method.methodResponses ?? {}), ['200'])
    assert.deepEqual(Object.keys(method.methodIntegration?.integrationResponses ?? {}), ['200'])
  })

  it('sets up an HTTP integration with request parameters and templates, and a real request reaches the backend', async () => {
    // a method without an integration yet (so not deployable until the console sets one up)
    await harness.client.send(new sdk.PutMethodCommand({ restApiId: apiId, resourceId: itemsId, httpMethod: 'POST', authorizationType: 'NONE' }))
    const postId = `${itemsId}/POST`
    await ui.page.goto(`${harness.endpoint}/_portico/console/#/apis/${apiId}/resources/${postId}`)
    const request = region('Integration request')
    const settings = form(request, 'Integration settings')
    await settings.getByLabel('Integration type', { exact: true }).selectOption('HTTP')
    await settings.getByLabel('Integration HTTP method', { exact: true }).selectOption('PUT')
    await settings.getByLabel('Endpoint URI', { exact: true }).fill(`${echoUrl}/first`)
    await settings.getByRole('button', { name: 'Set up integration' }).click()
    await settings.getByRole('button', { name: 'Save integration request' }).waitFor()
    // then an update: the URI, the method and the passthrough behaviour
    await settings.getByLabel('Endpoint URI', { exact: true }).fill(`${echoUrl}/echo`)
    await settings.getByLabel('Integration HTTP method', { exact: true }).selectOption('POST')
    await settings.getByLabel('Request body passthrough', { exact: true }).selectOption('WHEN_NO_TEMPLATES')
    await settings.getByRole('button', { name: 'Save integration request' }).click()
    const parameters = group(request, 'Integration request parameters')
    await parameters.getByLabel('Integration parameter', { exact: true }).fill('integration.request.header.x-origin')
    await parameters.getByLabel('Mapped from', { exact: true }).fill("'console'")
    await parameters.getByRole('button', { name: 'Add to Integration request parameters' }).click()
    await parameters.getByText('integration.request.header.x-origin').waitFor()
    const templates = group(request, 'Request templates')
    await templates.getByLabel('Content type', { exact: true }).fill('text/plain')
    await templates.getByRole('button', { name: 'Add to Request templates' }).click()
    await templates.getByLabel('Request template text/plain', { exact: true }).fill('#set($n = 1)\nsent $n')
    await templates.getByRole('button', { name: 'Save Request template text/plain' }).click()
    // the template editor colours what it holds
    assert.equal(await templates.locator('pre.hl .tk-directive').first().innerText(), '#set')
    const integration = await eventually(
      () => harness.client.send(new sdk.GetIntegrationCommand({ restApiId: apiId, resourceId: itemsId, httpMethod: 'POST' })),
      (i) => i.requestTemplates?.['text/plain']?.includes('sent') === true,
    )
    assert.deepEqual(
      { type: integration.type, method: integration.httpMethod, uri: integration.uri, passthrough: integration.passthroughBehavior, parameters: integration.requestParameters },
      { type: 'HTTP', method: 'POST', uri: `${echoUrl}/echo`, passthrough: 'WHEN_NO_TEMPLATES', parameters: { 'integration.request.header.x-origin': "'console'" } },
    )

    // the advanced settings: timeout, content handling, cache key parameters, a VPC link connection, then back to the internet
    const link = await harness.client.send(new sdk.CreateVpcLinkCommand({ name: 'console-link', targetArns: ['arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/console/0123456789abcdef'] }))
    const advanced = form(request, 'Advanced integration settings')
    await advanced.getByLabel('Integration timeout (milliseconds)', { exact: true }).fill('5000')
    await advanced.getByLabel('Content handling', { exact: true }).selectOption('CONVERT_TO_TEXT')
    await advanced.getByLabel('Cache key parameters (comma-separated)', { exact: true }).fill('method.request.header.x-k, method.request.querystring.q')
    await advanced.getByLabel('Connection type', { exact: true }).selectOption('VPC_LINK')
    await advanced.getByLabel('VPC link', { exact: true }).selectOption(link.id!)
    await advanced.getByRole('button', { name: 'Save advanced settings' }).click()
    const getPost = () => harness.client.send(new sdk.GetIntegrationCommand({ restApiId: apiId, resourceId: itemsId, httpMethod: 'POST' }))
    const linked = await eventually(getPost, (i) => i.connectionType === 'VPC_LINK')
    assert.deepEqual(
      [linked.timeoutInMillis, linked.contentHandling, linked.connectionId, [...(linked.cacheKeyParameters ?? [])].sort()],
      [5000, 'CONVERT_TO_TEXT', link.id, ['method.request.header.x-k', 'method.request.querystring.q']],
    )
    await advanced.getByLabel('Connection type', { exact: true }).selectOption('INTERNET')
    await advanced.getByLabel('Content handling', { exact: true }).selectOption('')
    await advanced.getByLabel('Cache key parameters (comma-separated)', { exact: true }).fill('method.request.querystring.q')
    await advanced.getByRole('button', { name: 'Save advanced settings' }).click()
    const internet = await eventually(getPost, (i) => i.connectionType === 'INTERNET')
    assert.deepEqual([internet.connectionId, internet.contentHandling, internet.cacheKeyParameters, internet.timeoutInMillis], [undefined, undefined, ['method.request.querystring.q'], 5000])
    // AWS's refusal shows beside the form
    await advanced.getByLabel('Integration timeout (milliseconds)', { exact: true }).fill('10')
    await advanced.getByRole('button', { name: 'Save advanced settings' }).click()
    assert.match(await advanced.getByRole('alert').innerText(), /^BadRequestException: /)
    await advanced.getByLabel('Integration timeout (milliseconds)', { exact: true }).fill('5000')

    await ui.page.getByRole('region', { name: 'Method responses' }).getByLabel('HTTP status', { exact: true }).fill('200')
    await ui.page.getByRole('button', { name: 'Add method response' }).click()
    const added = region('Integration responses')
    await form(added, 'Add integration response').getByLabel('Method response status', { exact: true }).fill('200')
    await added.getByRole('button', { name: 'Add integration response' }).click()
    await added.getByRole('region', { name: 'Integration response 200' }).waitFor()
    await deploy()
    const answer = await invoke('/items', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'ignored' })
    assert.equal(answer.status, 200)
    const seen = (await answer.json()) as { method: string; url: string; headers: Record<string, string> }
    assert.deepEqual([seen.method, seen.url, seen.headers['x-origin']], ['POST', '/echo', 'console'])
  })

  it('edits the stage: cache cluster, tracing, per-method cache, throttling, data trace and metrics, canary overrides added and removed', async () => {
    await ui.page.goto(`${harness.endpoint}/_portico/console/#/apis/${apiId}/stages/dev`)
    await ui.page.getByRole('heading', { name: 'Stage dev' }).waitFor()
    const cache = region('Cache and tracing')
    await cache.getByLabel('Enable API cache', { exact: true }).check()
    await cache.getByLabel('Cache capacity (GB)', { exact: true }).selectOption('1.6')
    await cache.getByLabel('Enable X-Ray tracing', { exact: true }).check()
    await cache.getByRole('button', { name: 'Save cache and tracing' }).click()
    await cache.getByTestId('cache-status').getByText('AVAILABLE', { exact: true }).waitFor()

    const settings = region('Method settings')
    const defaults = form(settings, 'Method settings Default (all methods)')
    await defaults.getByLabel('CloudWatch logs', { exact: true }).selectOption('INFO')
    await defaults.getByLabel('Log full requests and responses (data trace)', { exact: true }).check()
    await defaults.getByLabel('Detailed CloudWatch metrics', { exact: true }).check()
    await defaults.getByRole('button', { name: 'Save Default (all methods)' }).click()
    const override = form(settings, 'Override a method')
    // the add-override form starts again from the saved defaults once the stage is read back: wait for that
    await eventually(() => override.getByLabel('CloudWatch logs', { exact: true }).inputValue(), (level) => level === 'INFO')
    await override.getByLabel('Method', { exact: true }).selectOption('GET /items')
    await override.getByLabel('Rate limit (requests per second)', { exact: true }).fill('7')
    await override.getByLabel('Burst limit', { exact: true }).fill('3')
    await override.getByLabel('Enable method cache', { exact: true }).check()
    await override.getByLabel('Cache TTL (seconds)', { exact: true }).fill('60')
    await override.getByRole('button', { name: 'Add override' }).click()
    await form(settings, 'Method settings GET /items').waitFor()

    const getStage = () => harness.client.send(new sdk.GetStageCommand({ restApiId: apiId, stageName: 'dev' }))
    let stage = await eventually(getStage, (s) => s.methodSettings?.['~1items/GET'] !== undefined)
    const all = stage.methodSettings?.['*/*']
    assert.deepEqual([stage.cacheClusterEnabled, stage.cacheClusterSize, stage.tracingEnabled, all?.loggingLevel, all?.dataTraceEnabled, all?.metricsEnabled], [true, '1.6', true, 'INFO', true, true])
    const items = stage.methodSettings!['~1items/GET']!
    assert.deepEqual([items.throttlingRateLimit, items.throttlingBurstLimit, items.cachingEnabled, items.cacheTtlInSeconds, items.loggingLevel], [7, 3, true, 60, 'INFO'])

    // the canary, with a stage-variable override
    await ui.page.getByLabel('Canary percent of requests', { exact: true }).fill('25')
    await ui.page.getByRole('button', { name: 'Deploy a canary' }).click()
    const canary = region('Canary')
    const overrides = group(canary, 'Canary stage variable overrides')
    await overrides.getByLabel('Variable', { exact: true }).fill('backend')
    await overrides.getByLabel('Canary value', { exact: true }).fill('blue')
    await overrides.getByRole('button', { name: 'Add to Canary stage variable overrides' }).click()
    await overrides.getByText('blue').waitFor()
    await form(canary, 'Canary traffic').getByLabel('Percent of requests to the canary', { exact: true }).fill('40')
    await canary.getByRole('button', { name: 'Save percentage' }).click()
    await canary.getByTestId('canary-percent').getByText('40').waitFor()
    // a second override, then removed: the canary keeps its deployment, share and the first override
    const canaryDeployment = (await getStage()).canarySettings?.deploymentId
    await overrides.getByLabel('Variable', { exact: true }).fill('mode')
    await overrides.getByLabel('Canary value', { exact: true }).fill('trial')
    await overrides.getByRole('button', { name: 'Add to Canary stage variable overrides' }).click()
    await overrides.getByRole('button', { name: 'Remove mode from Canary stage variable overrides' }).click()
    await overrides.getByText('trial').waitFor({ state: 'detached' })
    stage = await getStage()
    assert.deepEqual([stage.canarySettings?.percentTraffic, stage.canarySettings?.stageVariableOverrides, stage.canarySettings?.deploymentId], [40, { backend: 'blue' }, canaryDeployment])
    await ui.shot('stage-settings', { top: true })
    assert.deepEqual(await ui.wideAtPhoneWidth(), [])

    // promoting copies the overrides onto the stage's variables; removing the method override leaves the default
    await canary.getByRole('button', { name: 'Promote canary' }).click()
    await ui.page.getByRole('button', { name: 'Deploy a canary' }).waitFor()
    await settings.getByRole('button', { name: 'Remove override GET /items' }).click()
    await form(settings, 'Method settings GET /items').waitFor({ state: 'detached' })
    stage = await getStage()
    assert.deepEqual([stage.variables, stage.canarySettings, Object.keys(stage.methodSettings ?? {})], [{ backend: 'blue' }, undefined, ['*/*']])
  })
})
