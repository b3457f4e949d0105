/**
 * The AWS CLI (v1, on PATH) drives Portico end to end, as the README shows: build a MOCK API,
 * deploy it, invoke it, change it and redeploy, roll the stage back, export it, delete it.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { invoke, useTestPortico } from './stages-harness.ts'
import { useAwsCli } from './harness.ts'

const t = useTestPortico()
const { work, aws, awsJson } = useAwsCli(t, 'apigateway', 'portico-cli-')

describe('AWS CLI walkthrough', () => {
  it('create → deploy → invoke → redeploy → roll back → export → delete', async () => {
    const api = await awsJson('create-rest-api', '--name', 'walkthrough', '--description', 'CLI walkthrough')
    const apiId = api.id as string
    assert.match(apiId, /^[a-z0-9]{10}$/)

    const resources = (await awsJson('get-resources', '--rest-api-id', apiId)).items as Array<{ id: string; path: string }>
    const root = resources.find((r) => r.path === '/')!
    assert.ok(root)
    assert.equal(root.id, api.rootResourceId)

    const hello = await awsJson('create-resource', '--rest-api-id', apiId, '--parent-id', root.id, '--path-part', 'hello')
    assert.equal(hello.path, '/hello')
    const rid = hello.id as string

    const method = await awsJson('put-method', '--rest-api-id', apiId, '--resource-id', rid, '--http-method', 'GET', '--authorization-type', 'NONE')
    assert.equal(method.httpMethod, 'GET')
    await awsJson(
      'put-integration',
      '--rest-api-id', apiId,
      '--resource-id', rid,
      '--http-method', 'GET',
      '--type', 'MOCK',
      '--request-templates', JSON.stringify({ 'application/json': '{"statusCode": 200}' }),
    )
    await awsJson('put-method-response', '--rest-api-id', apiId, '--resource-id', rid, '--http-method', 'GET', '--status-code', '200')
    const respond = (version: number) =>
      awsJson(
        'put-integration-response',
        '--rest-api-id', apiId,
        '--resource-id', rid,
        '--http-method', 'GET',
        '--status-code', '200',
        '--response-templates', JSON.stringify({ 'application/json': `{"version": ${version}, "stage": "$context.stage"}` }),
      )
    await respond(1)

    const first = await awsJson('create-deployment', '--rest-api-id', apiId, '--stage-name', 'dev', '--description', 'v1')
    assert.match(first.id as string, /^[a-z0-9]+$/)
    let served = await invoke(t.portico, apiId, 'dev', '/hello')
    assert.equal(served.status, 200)
    assert.deepEqual(JSON.parse(served.body), { version: 1, stage: 'dev' })

    await respond(2)
    const second = await awsJson('create-deployment', '--rest-api-id', apiId, '--stage-name', 'dev', '--description', 'v2')
    served = await invoke(t.portico, apiId, 'dev', '/hello')
    assert.deepEqual(JSON.parse(served.body), { version: 2, stage: 'dev' })

    const deployments = (await awsJson('get-deployments', '--rest-api-id', apiId)).items as Array<{ id: string }>
    assert.deepEqual(
      deployments.map((d) => d.id),
      [first.id, second.id],
    )

    const rolled = await awsJson('update-stage', '--rest-api-id', apiId, '--stage-name', 'dev', '--patch-operations', `op=replace,path=/deploymentId,value=${first.id as string}`)
    assert.equal(rolled.deploymentId, first.id)
    served = await invoke(t.portico, apiId, 'dev', '/hello')
    assert.deepEqual(JSON.parse(served.body), { version: 1, stage: 'dev' })

    const exported = await awsJson('get-export', '--rest-api-id', apiId, '--stage-name', 'dev', '--export-type', 'oas30', '--parameters', 'extensions=integrations', 'out.json')
    assert.equal(exported.contentType, 'application/octet-stream')
    assert.match(exported.contentDisposition as string, /^attachment; filename="oas30_.+\.json"$/)
    const doc = JSON.parse(readFileSync(join(work, 'out.json'), 'utf8')) as { openapi: string; paths: Record<string, Record<string, Record<string, { type?: string }>>> }
    assert.equal(doc.openapi, '3.0.1')
    assert.equal(doc.paths['/hello']!.get!['x-amazon-apigateway-integration']!.type, 'mock')

    const bad = await aws('update-stage', '--rest-api-id', apiId, '--stage-name', 'dev', '--patch-operations', 'op=replace,path=/nope,value=1')
    assert.notEqual(bad.code, 0)
    assert.match(bad.stderr, /BadRequestException/)
    assert.match(bad.stderr, /Invalid method setting path: \/nope/)

    await awsJson('delete-rest-api', '--rest-api-id', apiId)
    served = await invoke(t.portico, apiId, 'dev', '/hello')
    assert.equal(served.status, 403)
    const gone = await aws('get-rest-api', '--rest-api-id', apiId)
    assert.notEqual(gone.code, 0)
    assert.match(gone.stderr, /NotFoundException/)
  })
})
