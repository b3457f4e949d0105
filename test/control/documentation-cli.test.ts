/**
 * Every documentation operation through the AWS CLI (v1, on PATH): parts, import, versions,
 * the stage's documentation version.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { seedApi, useTestPortico } from './stages-harness.ts'
import { useAwsCli } from './harness.ts'

const t = useTestPortico()
const { work, aws, awsJson } = useAwsCli<Record<string, any>>(t, 'apigateway', 'portico-doc-cli-')

describe('documentation through the AWS CLI', () => {
  it('parts, import, versions and the stage', async () => {
    const { apiId } = await seedApi(t.portico)
    const part = await awsJson('create-documentation-part', '--rest-api-id', apiId, '--location', 'type=METHOD,path=/pets,method=GET', '--properties', '{"summary":"List pets"}')
    assert.deepEqual(part.location, { type: 'METHOD', path: '/pets', method: 'GET' })
    assert.equal(part.properties, '{"summary":"List pets"}')
    assert.equal((await awsJson('get-documentation-part', '--rest-api-id', apiId, '--documentation-part-id', part.id)).id, part.id)
    const updated = await awsJson('update-documentation-part', '--rest-api-id', apiId, '--documentation-part-id', part.id, '--patch-operations', JSON.stringify([{ op: 'replace', path: '/properties', value: '{"summary":"Pets"}' }]))
    assert.equal(updated.properties, '{"summary":"Pets"}')

    const conflict = await aws('create-documentation-part', '--rest-api-id', apiId, '--location', 'type=METHOD,path=/pets,method=GET', '--properties', '{}')
    assert.notEqual(conflict.code, 0)
    assert.match(conflict.stderr, /ConflictException.*Documentation part already exists for the specified location: type 'METHOD', path '\/pets', method 'GET'\./)

    const file = join(work, 'docs.json')
    writeFileSync(file, JSON.stringify({ swagger: '2.0', info: { title: 't' }, paths: {}, 'x-amazon-apigateway-documentation': { version: '1', documentationParts: [{ location: { type: 'API' }, properties: { description: 'imported' } }] } }))
    const imported = await awsJson('import-documentation-parts', '--rest-api-id', apiId, '--mode', 'merge', '--body', `fileb://${file}`)
    assert.equal(imported.ids.length, 1)
    const listed = await awsJson('get-documentation-parts', '--rest-api-id', apiId, '--type', 'API')
    assert.deepEqual(listed.items.map((p: { id: string }) => p.id), imported.ids)

    const deployment = await awsJson('create-deployment', '--rest-api-id', apiId, '--stage-name', 'prod')
    assert.ok(deployment.id)
    const version = await awsJson('create-documentation-version', '--rest-api-id', apiId, '--documentation-version', '1.0', '--stage-name', 'prod', '--description', 'first')
    assert.equal(version.version, '1.0')
    assert.equal((await awsJson('get-stage', '--rest-api-id', apiId, '--stage-name', 'prod')).documentationVersion, '1.0')
    assert.equal((await awsJson('update-documentation-version', '--rest-api-id', apiId, '--documentation-version', '1.0', '--patch-operations', 'op=replace,path=/description,value=one')).description, 'one')
    assert.equal((await awsJson('get-documentation-version', '--rest-api-id', apiId, '--documentation-version', '1.0')).description, 'one')
    assert.deepEqual((await awsJson('get-documentation-versions', '--rest-api-id', apiId)).items.map((v: { version: string }) => v.version), ['1.0'])

    await awsJson('update-stage', '--rest-api-id', apiId, '--stage-name', 'prod', '--patch-operations', 'op=remove,path=/documentationVersion')
    assert.equal((await aws('delete-documentation-version', '--rest-api-id', apiId, '--documentation-version', '1.0')).code, 0)
    assert.equal((await aws('delete-documentation-part', '--rest-api-id', apiId, '--documentation-part-id', part.id)).code, 0)
    const gone = await aws('get-documentation-part', '--rest-api-id', apiId, '--documentation-part-id', part.id)
    assert.match(gone.stderr, /NotFoundException.*Invalid Documentation part identifier specified/)
  })
})
