/**
 * GetSdk `javascript`: AWS's zip layout, and the generated client RUN in Node (a child process
 * that requires apigClient.js as a program written against AWS's client would) against the live
 * stage: parameterised, signed and keyed calls, with the answers checked.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { GetSdkCommand, GetSdkTypesCommand, GetSdkTypeCommand } from '@aws-sdk/client-api-gateway'
import { rejects } from '../control/stages-harness.ts'
import { API_KEY, SIGNER, fetchSdk, run, useSdkFixture } from './sdk-harness.ts'
import { CHROMIUM } from '../console/browser.ts'

const f = useSdkFixture()

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort()
}

const PROGRAM = `
const apigClientFactory = require(process.argv[2]);
(async () => {
  const out = {};
  const plain = apigClientFactory.newClient();
  const got = await plain.petsPetIdGet({ petId: 'rex 1', color: 'red', 'x-trace': 'abc' }, {}, {});
  out.get = { status: got.status, data: got.data };
  try { await plain.petsPetIdGet({ petId: 'x' }, {}, {}); } catch (e) { out.missing = e.message; }
  try { await plain.keyedGet({}, {}, {}); } catch (e) { out.unkeyed = e.response.status; }
  const keyed = apigClientFactory.newClient({ apiKey: process.env.API_KEY });
  out.keyed = (await keyed.keyedGet({}, {}, {})).data;
  try { await plain.petsPost({}, { name: 'rex' }, {}); } catch (e) { out.unsigned = e.response.status; }
  const signed = apigClientFactory.newClient({ accessKey: process.env.AK, secretKey: process.env.SK, region: 'us-east-1' });
  const created = await signed.petsPost({}, { name: 'rex', age: 3 }, {});
  out.signed = { status: created.status, data: created.data };
  try { await signed.petsPost({}, { age: 3 }, {}); } catch (e) { out.invalid = { status: e.response.status, data: e.response.data }; }
  const extra = await plain.petsPetIdGet({ petId: 'p', 'x-trace': 't' }, {}, { queryParams: { color: 'blue' } });
  out.extra = extra.data.color;
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
`

// the same calls from a page: the library's <script> tags in the README's order, results into #out
const PAGE = (scripts: string, env: Record<string, string>) => `<html><body><pre id="out">pending</pre>
${scripts}
<script src="apigClient.js"></script>
<script>
var env = ${JSON.stringify(env)};
(async function () {
  var out = {};
  var plain = apigClientFactory.newClient();
  out.get = (await plain.petsPetIdGet({ petId: 'rex 1', color: 'red', 'x-trace': 'abc' }, {}, {})).data;
  try { await plain.keyedGet({}, {}, {}); } catch (e) { out.unkeyed = e.response.status; }
  out.keyed = (await apigClientFactory.newClient({ apiKey: env.API_KEY }).keyedGet({}, {}, {})).data;
  var signed = apigClientFactory.newClient({ accessKey: env.AK, secretKey: env.SK });
  out.signed = (await signed.petsPost({}, { name: 'rex' }, {})).data;
  document.getElementById('out').textContent = JSON.stringify(out);
})().catch(function (e) { document.getElementById('out').textContent = 'failed: ' + e.message; });
</script></body></html>`


describe('GetSdk javascript', () => {
  it("answers AWS's zip layout with AWS's headers", async () => {
    const { dir, contentType, disposition } = await fetchSdk(f, 'javascript')
    assert.equal(contentType, 'application/octet-stream')
    assert.match(disposition!, /^attachment; filename="javascript_\d{4}-\d\d-\d\d_\d\d-\d\dZ\.zip"$/)
    assert.deepEqual(files(join(dir, 'apiGateway-js-sdk')), [
      'README.md',
      'apigClient.js',
      'lib/apiGatewayCore/apiGatewayClient.js',
      'lib/apiGatewayCore/sigV4Client.js',
      'lib/apiGatewayCore/simpleHttpClient.js',
      'lib/apiGatewayCore/utils.js',
      'lib/url-template/url-template.js',
    ])
    const client = readFileSync(join(dir, 'apiGateway-js-sdk/apigClient.js'), 'utf8')
    for (const name of ['petsPetIdGet', 'petsPost', 'keyedGet']) assert.match(client, new RegExp(`apigClient\\.${name} = function \\(params, body, additionalParams\\)`))
    // documentation parts become doc comments
    assert.match(client, /\* Fetch one pet/)
    assert.match(client, new RegExp(`/_aws/execute-api/${f.apiId}/prod`))
    // a custom domain (Portico's invokeUrl parameter) is baked in instead when asked
    const custom = await fetchSdk(f, 'javascript', { invokeUrl: 'https://api.example.com/v1' })
    assert.match(readFileSync(join(custom.dir, 'apiGateway-js-sdk/apigClient.js'), 'utf8'), /config\.invokeUrl \|\| "https:\/\/api\.example\.com\/v1"/)
  })

  it('runs in Node against the live stage: parameters, SigV4, x-api-key', async () => {
    const { dir } = await fetchSdk(f, 'javascript')
    const program = join(dir, 'program.js')
    writeFileSync(program, PROGRAM)
    const { stdout } = await run(process.execPath, [program, join(dir, 'apiGateway-js-sdk/apigClient.js')], {
      timeout: 60_000,
      env: { PATH: process.env.PATH, API_KEY, AK: SIGNER.accessKeyId, SK: SIGNER.secretAccessKey },
    })
    const out = JSON.parse(stdout) as Record<string, any>
    assert.deepEqual(out.get, { status: 200, data: { petId: 'rex 1', color: 'red', trace: 'abc' } })
    assert.equal(out.missing, 'x-trace must be defined')
    assert.equal(out.unkeyed, 403)
    assert.deepEqual(out.keyed, { keyed: true })
    assert.equal(out.unsigned, 403)
    assert.deepEqual(out.signed, { status: 200, data: { caller: SIGNER.accessKeyId, created: true } })
    assert.equal(out.invalid.status, 400)
    assert.match(out.invalid.data.message, /Invalid request body/)
    assert.equal(out.extra, 'blue')
  })

  // a missing Chromium fails (as the console's browser suite does): CI installs it in .ci/run
  it('runs in headless Chromium from the README\'s script tags', async () => {
    assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set PORTICO_CHROMIUM)`)
    const { dir } = await fetchSdk(f, 'javascript')
    const root = join(dir, 'apiGateway-js-sdk')
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    const scripts = [...readme.matchAll(/<script type="text\/javascript" src="(lib\/[^"]+)"><\/script>/g)].map((m) => `<script src="${m[1]}"></script>`).join('\n')
    writeFileSync(join(root, 'page.html'), PAGE(scripts, { API_KEY, AK: SIGNER.accessKeyId, SK: SIGNER.secretAccessKey }))
    // a file:// page calling the stage's origin: web security off stands in for the CORS set-up a real site would have
    const { stdout } = await run(
      CHROMIUM,
      ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-web-security', `--user-data-dir=${join(dir, 'chromium')}`, '--virtual-time-budget=20000', '--dump-dom', `file://${join(root, 'page.html')}`],
      { timeout: 90_000 },
    )
    const text = /<pre id="out">([^<]*)<\/pre>/.exec(stdout)?.[1] ?? stdout
    const out = JSON.parse(text.replaceAll('&quot;', '"').replaceAll('&amp;', '&')) as Record<string, unknown>
    assert.deepEqual(out, {
      get: { petId: 'rex 1', color: 'red', trace: 'abc' },
      unkeyed: 403,
      keyed: { keyed: true },
      signed: { caller: SIGNER.accessKeyId, created: true },
    })
  })

  it('lists its types and refuses what it cannot generate', async () => {
    const types = await f.h.client.send(new GetSdkTypesCommand({}))
    assert.deepEqual(types.items!.map((t) => t.id), ['javascript', 'typescript', 'java', 'android', 'objectivec', 'swift'])
    const java = await f.h.client.send(new GetSdkTypeCommand({ id: 'java' }))
    assert.deepEqual(java.configurationProperties!.filter((p) => p.required).map((p) => p.name), ['serviceName', 'javaPackageName'])
    await rejects(() => f.h.client.send(new GetSdkTypeCommand({ id: 'cobol' })), 'NotFoundException', 404, 'Invalid SDK type specified')
    const get = (sdkType: string, parameters: Record<string, string> = {}, stageName = 'prod') => f.h.client.send(new GetSdkCommand({ restApiId: f.apiId, stageName, sdkType, parameters }))
    await rejects(() => get('cobol'), 'BadRequestException', 400, 'Invalid SDK type specified: cobol. Must be one of: [javascript, typescript, java, android, objectivec, swift]')
    await rejects(() => get('ruby', { 'service.name': 'Pets' }), 'BadRequestException', 400, 'Portico does not generate ruby SDKs yet. Must be one of: [javascript, typescript, java, android, objectivec, swift]')
    await rejects(() => get('java', { serviceName: 'Pets' }), 'BadRequestException', 400, 'Missing required SDK parameter(s) for java: javaPackageName')
    await rejects(() => get('android'), 'BadRequestException', 400, 'Missing required SDK parameter(s) for android: groupId, artifactId, artifactVersion, invokerPackage')
    await rejects(() => get('javascript', {}, 'nostage'), 'NotFoundException', 404, 'Invalid Stage identifier specified')
  })
})
