/**
 * Issue 14, defect 6: a model nested 2,000 levels deep answered 500 InternalFailure (ajv ran out
 * of stack), and at 500–1,000 levels a 400 whose message was "Maximum call stack size exceeded".
 * Every way a schema comes in now measures it first and refuses it with a 400 that names the
 * limit; walks over several models (flatten, the model template) are bounded too.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { request } from 'undici'
import { CreateModelCommand, GetModelCommand, GetModelTemplateCommand, ImportRestApiCommand, PutRestApiCommand, UpdateModelCommand } from '@aws-sdk/client-api-gateway'
import { signedHeaders } from './harness.ts'
import { rejects, seedApi, useTestPortico } from './stages-harness.ts'

const t = useTestPortico()

/** A schema `levels` properties deep, written as text (JSON.stringify itself recurses): JSON depth 2 × levels + 1. */
function nested(levels: number, leaf = '{"type":"string"}'): string {
  return '{"type":"object","properties":{"a":'.repeat(levels) + leaf + '}}'.repeat(levels)
}

function swagger(definitions: string, bodySchema = '{"$ref":"#/definitions/M"}'): Buffer {
  return Buffer.from(
    `{"swagger":"2.0","info":{"title":"deep","version":"1"},"paths":{"/a":{"post":{"parameters":[{"in":"body","name":"b","schema":${bodySchema}}],` +
      `"responses":{"200":{"description":"ok"}}}}},"definitions":${definitions}}`,
  )
}

const TOO_DEEP = 'Validation Result: warnings : [], errors : [Invalid model schema specified: the schema nests more than 128 levels deep]'

describe('deeply nested model schemas', () => {
  it('CreateModel and UpdateModel accept 127 levels and refuse 129 and 2,000 with a 400 naming the limit', async () => {
    const { apiId } = await seedApi(t.portico)
    const create = (name: string, schema: string) => t.client.send(new CreateModelCommand({ restApiId: apiId, name, contentType: 'application/json', schema }))
    assert.equal((await create('Deep', nested(63))).$metadata.httpStatusCode, 201)
    await rejects(() => create('Deeper', nested(64)), 'BadRequestException', 400, TOO_DEEP)
    await rejects(() => create('Deepest', nested(1_000)), 'BadRequestException', 400, TOO_DEEP)
    await rejects(() => create('Arrays', '{"enum":[' + '['.repeat(5_000) + ']'.repeat(5_000) + ']}'), 'BadRequestException', 400, TOO_DEEP)
    await rejects(
      () => t.client.send(new UpdateModelCommand({ restApiId: apiId, modelName: 'Deep', patchOperations: [{ op: 'replace', path: '/schema', value: nested(1_000) }] })),
      'BadRequestException',
      400,
      TOO_DEEP,
    )
  })

  it('ImportRestApi and PutRestApi refuse a deep named or inline schema, and a deep document, with a 400', async () => {
    const { apiId } = await seedApi(t.portico)
    await rejects(
      () => t.client.send(new ImportRestApiCommand({ body: swagger(`{"M":${nested(64)}}`) })),
      'BadRequestException',
      400,
      'Errors found during import:\n\tInvalid model schema: the schema nests more than 128 levels deep (at /definitions/M)',
    )
    await rejects(
      () => t.client.send(new ImportRestApiCommand({ body: swagger('{}', nested(64)) })),
      'BadRequestException',
      400,
      /Invalid model schema: the schema nests more than 128 levels deep \(at \/paths\/~1a\/post\/parameters\/0\/schema\)/,
    )
    for (const body of [swagger(`{"M":${nested(1_000)}}`), swagger(`{"M":${nested(2_000)}}`)]) {
      await rejects(() => t.client.send(new ImportRestApiCommand({ body })), 'BadRequestException', 400, 'Errors found during import:\n\tThe document nests more than 256 levels deep')
      await rejects(() => t.client.send(new PutRestApiCommand({ restApiId: apiId, mode: 'overwrite', body })), 'BadRequestException', 400, /The document nests more than 256 levels deep/)
    }
    const ok = await t.client.send(new ImportRestApiCommand({ body: swagger(`{"M":${nested(63)}}`) }))
    assert.equal(ok.$metadata.httpStatusCode, 201)
  })

  it('a YAML document that contains itself through an alias, or nests past what the YAML reader can, is a 400', async () => {
    const selfAlias = 'swagger: "2.0"\ninfo: {title: x, version: "1"}\npaths: {}\ndefinitions:\n  M: &m\n    type: object\n    properties:\n      a: *m\n'
    await rejects(
      () => t.client.send(new ImportRestApiCommand({ body: Buffer.from(selfAlias) })),
      'BadRequestException',
      400,
      /The document nests more than 256 levels deep \(or contains itself through an alias\)/,
    )
    const flow = `swagger: "2.0"\ninfo: {title: x, version: "1"}\npaths: {}\nx-deep: ${'['.repeat(5_000)}${']'.repeat(5_000)}\n`
    const error = await t.client.send(new ImportRestApiCommand({ body: Buffer.from(flow) })).then(
      () => assert.fail('expected a 400'),
      (e: Error & { $metadata: { httpStatusCode?: number } }) => e,
    )
    assert.equal(error.$metadata.httpStatusCode, 400)
    assert.match(error.message, /nests more than 256 levels deep/)
    assert.doesNotMatch(error.message, /call stack/i)
  })

  it('flatten and GetModelTemplate refuse references that expand too deep or too wide, with a 400', async () => {
    const { apiId } = await seedApi(t.portico)
    const uri = (name: string) => `https://apigateway.amazonaws.com/restapis/${apiId}/models/${name}`
    const create = (name: string, schema: string) => t.client.send(new CreateModelCommand({ restApiId: apiId, name, contentType: 'application/json', schema }))
    // five models, each 125 levels deep with the next one at the bottom: 600+ levels once expanded
    for (let i = 5; i >= 1; i--) await create(`Chain${i}`, nested(62, i === 5 ? '{"type":"string"}' : `{"$ref":"${uri(`Chain${i + 1}`)}"}`))
    // eighteen models, each referencing the next twice: 2^18 schemas once expanded
    for (let i = 18; i >= 1; i--) {
      await create(`Wide${i}`, i === 18 ? '{"type":"string"}' : JSON.stringify({ type: 'object', properties: { a: { $ref: uri(`Wide${i + 1}`) }, b: { $ref: uri(`Wide${i + 1}`) } } }))
    }
    for (const name of ['Chain1', 'Wide1']) {
      const message = new RegExp(`^Model ${name} cannot be flattened: with its references expanded it nests more than 512 levels deep or holds more than 100000 values$`)
      await rejects(() => t.client.send(new GetModelCommand({ restApiId: apiId, modelName: name, flatten: true })), 'BadRequestException', 400, message)
      await rejects(() => t.client.send(new GetModelTemplateCommand({ restApiId: apiId, modelName: name })), 'BadRequestException', 400, message)
    }
    const shallow = await t.client.send(new GetModelCommand({ restApiId: apiId, modelName: 'Chain4', flatten: true }))
    assert.ok(shallow.schema!.length > 0)
  })

  it('a management request body nested past 32 levels is a SerializationException, before any operation walks it', async () => {
    const url = `${t.endpoint}/restapis`
    const body = `{"name":"deep","junk":${'['.repeat(20_000)}${']'.repeat(20_000)}}`
    const credentials = { accessKeyId: t.portico.admin.accessKeyId, secret: t.portico.admin.secretAccessKey }
    const res = await request(url, { method: 'POST', headers: await signedHeaders(url, 'POST', body, credentials), body })
    assert.equal(res.statusCode, 400)
    assert.equal(res.headers['x-amzn-errortype'], 'SerializationException')
    assert.deepEqual(await res.body.json(), { message: 'JSON nesting depth exceeds the maximum of 32' })
  })
})
