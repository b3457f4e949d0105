/**
 * What a new user trips on (issue 19, item 5), tried the way one would: the AWS CLI and the
 * `portico` command against a `portico serve` process.
 * - an operation Portico does not serve names itself (AWS's front end sends `{"message": null}`,
 *   which the AWS CLI prints as "…operation: None");
 * - a request signed for another service says which one, not "No API matches this URL";
 * - `portico audit` where no data directory is says so, not "No changes recorded yet";
 * - the README's access-log example runs as written (JSON `--patch-operations`).
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { portico, ROOT, usePorticoServe } from '../support/cli.ts'
import { awsApigateway, awsCli } from '../support/aws-cli.ts'

const credentials = { accessKeyId: 'AKIAPORTICONEWUSER01', secretAccessKey: 'portico/new-user/e2e/secret/00000000000000' }
const work = mkdtempSync(join(tmpdir(), 'portico-new-user-'))
const server = usePorticoServe(
  ['--port', '0', '--data-dir', join(work, 'data')],
  { PORTICO_ADMIN_ACCESS_KEY_ID: credentials.accessKeyId, PORTICO_ADMIN_SECRET_ACCESS_KEY: credentials.secretAccessKey },
  { prepare: () => () => rmSync(work, { recursive: true, force: true }) },
)
const target = () => ({ endpoint: server.url, ...credentials, dir: work })

describe('what a new user trips on', () => {
  it('an operation Portico does not serve answers UnknownOperationException naming it', async () => {
    const result = await awsCli(target(), 'apigatewayv2', 'get-portal', '--portal-id', 'p1')
    assert.notEqual(result.code, 0)
    assert.match(result.stderr, /An error occurred \(UnknownOperationException\) when calling the GetPortal operation: GetPortal is not supported by Portico yet/)
    assert.doesNotMatch(result.stderr, /None/)
  })

  it('a request signed for another service says which service it was signed for', async () => {
    const lambda = await awsCli(target(), 'lambda', 'list-functions')
    assert.match(lambda.stderr, /This request is signed for the 'lambda' service, which Portico does not serve\./)
    const connections = await awsCli({ ...target(), endpoint: `${server.url}/prod` }, 'apigatewaymanagementapi', 'get-connection', '--connection-id', 'c1')
    assert.match(connections.stderr, /signed for 'execute-api' .* the @connections API of WebSocket APIs is not served by Portico yet/)
  })

  it('`portico audit` where there is no data directory says so', () => {
    const missing = join(work, 'elsewhere', '.portico')
    const run = portico(['audit', '--data-dir', missing])
    assert.equal(run.code, 1)
    assert.match(run.stderr, new RegExp(`no data directory found at ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
    assert.match(run.stderr, /--data-dir <dir>/)
    assert.doesNotMatch(run.stdout, /No changes recorded yet/)
    // and the server's own data directory has its changes
    const own = portico(['audit', '--data-dir', join(work, 'data')])
    assert.equal(own.code, 0, own.stderr)
  })

  it("the README's access-log example runs with the AWS CLI as written", async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const example = /aws apigateway update-stage [^\n]*--patch-operations '(\[[^']*\])'/.exec(readme)
    assert.ok(example, 'the README shows update-stage with JSON --patch-operations')
    const aws = async (...args: string[]) => {
      const result = await awsApigateway(target(), ...args)
      assert.equal(result.code, 0, result.stderr)
      return result.stdout.trim() === '' ? {} : (JSON.parse(result.stdout) as Record<string, any>)
    }
    const api = (await aws('create-rest-api', '--name', 'readme')).id as string
    const root = (await aws('get-resources', '--rest-api-id', api)).items[0].id as string
    await aws('put-method', '--rest-api-id', api, '--resource-id', root, '--http-method', 'GET', '--authorization-type', 'NONE')
    await aws('put-integration', '--rest-api-id', api, '--resource-id', root, '--http-method', 'GET', '--type', 'MOCK', '--request-templates', '{"application/json":"{\\"statusCode\\": 200}"}')
    await aws('create-deployment', '--rest-api-id', api, '--stage-name', 'dev')
    const stage = await aws('update-stage', '--rest-api-id', api, '--stage-name', 'dev', '--patch-operations', example[1]!)
    assert.equal(stage.accessLogSettings.format, '$context.identity.sourceIp [$context.requestTime] "$context.httpMethod $context.resourcePath" $context.status $context.requestId')
    assert.equal(stage.tracingEnabled, true)
    assert.equal(stage.methodSettings['*/*'].loggingLevel, 'INFO')
  })
})
