/**
 * The command lines: `aws apigateway get-sdk` (the AWS CLI writes the zip), `portico sdk`
 * (unzips it), `portico docs export|import` (a round trip of the documentation parts), and an
 * API whose methods are all ANY (nothing for a client to call: a clear 400).
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CreateDeploymentCommand, GetDocumentationPartsCommand, ImportRestApiCommand, GetSdkCommand } from '@aws-sdk/client-api-gateway'
import { awsApigateway } from '../support/aws-cli.ts'
import { porticoAsync } from '../support/cli.ts'
import { rejects } from '../control/stages-harness.ts'
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY } from '../control/harness.ts'
import { run, useSdkFixture } from './sdk-harness.ts'

const f = useSdkFixture()

const keys = { AWS_ACCESS_KEY_ID: ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY }

describe('SDKs and documentation from the command line', () => {
  it('aws apigateway get-sdk writes the zip', async () => {
    const file = join(f.work, 'aws-cli-sdk.zip')
    const r = await awsApigateway(
      { endpoint: f.h.portico.url, accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY, dir: f.work },
      'get-sdk', '--rest-api-id', f.apiId, '--stage-name', 'prod', '--sdk-type', 'javascript', file,
    )
    assert.equal(r.code, 0, r.stderr)
    const meta = JSON.parse(r.stdout) as Record<string, string>
    assert.equal(meta.contentType, 'application/octet-stream')
    const { stdout } = await run('unzip', ['-l', file])
    assert.match(stdout, /apiGateway-js-sdk\/apigClient\.js/)
  })

  it('portico sdk unzips a client into --out', async () => {
    const out = join(f.work, 'portico-sdk')
    const r = await porticoAsync(['sdk', f.apiId, '--stage', 'prod', '--type', 'typescript', '--out', out, '--endpoint-url', f.h.portico.url], keys)
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /4 files of the typescript SDK written to/)
    assert.match(readFileSync(join(out, 'apiGateway-ts-sdk/src/client.ts'), 'utf8'), /petsPetIdGet\(params: PetsPetIdGetParams/)
    const bad = await porticoAsync(['sdk', f.apiId, '--stage', 'prod', '--type', 'java', '--endpoint-url', f.h.portico.url], keys)
    assert.equal(bad.code, 1)
    assert.match(bad.stderr, /BadRequestException: Missing required SDK parameter\(s\) for java: serviceName, javaPackageName/)
    const java = await porticoAsync(['sdk', f.apiId, '--stage', 'prod', '--type', 'java', '--parameter', 'serviceName=Pets', '--parameter', 'javaPackageName=p', '--out', out, '--endpoint-url', f.h.portico.url], keys)
    assert.equal(java.code, 0, java.stderr)
    assert.ok(existsSync(join(out, 'generated-code/src/main/java/p/PetsClient.java')))
  })

  it('portico docs export then import round-trips the parts', async () => {
    const exported = await porticoAsync(['docs', 'export', f.apiId, '--endpoint-url', f.h.portico.url], keys)
    assert.equal(exported.code, 0, exported.stderr)
    const doc = JSON.parse(exported.stdout) as { 'x-amazon-apigateway-documentation': { documentationParts: unknown[] } }
    assert.deepEqual(doc['x-amazon-apigateway-documentation'].documentationParts, [{ location: { type: 'METHOD', path: '/pets/{petId}', method: 'GET' }, properties: { summary: 'Fetch one pet' } }])
    const file = join(f.work, 'docs.json')
    writeFileSync(file, exported.stdout)
    const other = await f.h.client.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify({ swagger: '2.0', info: { title: 'empty', version: '1' }, paths: {} })) }))
    const imported = await porticoAsync(['docs', 'import', other.id!, file, '--mode', 'overwrite', '--endpoint-url', f.h.portico.url], keys)
    assert.equal(imported.code, 0, imported.stderr)
    assert.match(imported.stdout, /1 documentation parts imported \(overwrite\)/)
    const parts = (await f.h.client.send(new GetDocumentationPartsCommand({ restApiId: other.id! }))).items!
    assert.deepEqual(parts.map((p) => [p.location, p.properties]), [[{ type: 'METHOD', path: '/pets/{petId}', method: 'GET' }, '{"summary":"Fetch one pet"}']])
  })

  it('an API with only ANY methods gets a clear 400, not an empty client', async () => {
    const anyOnly = {
      swagger: '2.0',
      info: { title: 'any', version: '1' },
      paths: { '/{proxy+}': { 'x-amazon-apigateway-any-method': { responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' }, responses: { default: { statusCode: '200' } } } } } },
    }
    const api = await f.h.client.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(anyOnly)) }))
    await f.h.client.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: 'prod' }))
    await rejects(
      () => f.h.client.send(new GetSdkCommand({ restApiId: api.id!, stageName: 'prod', sdkType: 'javascript' })),
      'BadRequestException',
      400,
      'The API has no methods a client can call: ANY methods have no verb to send (AWS generates no client for them either)',
    )
  })
})
