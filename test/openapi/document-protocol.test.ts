import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { documentProtocol } from '../../src/openapi/index.ts'

const integration = (extra: string) => `paths:\n  /a:\n    get:\n      x-amazon-apigateway-integration: {type: http_proxy, uri: 'http://example.com'${extra}}\n`

describe('documentProtocol: which kind of API serve/import make of a document', () => {
  it('what only HTTP API documents carry makes an HTTP API', () => {
    assert.equal(documentProtocol(`openapi: 3.0.1\nx-amazon-apigateway-importexport-version: '1.0'\n${integration('')}`), 'HTTP')
    assert.equal(documentProtocol(`openapi: 3.0.1\nx-amazon-apigateway-cors: {allowOrigins: ['*']}\n${integration('')}`), 'HTTP')
    assert.equal(documentProtocol(`openapi: 3.0.1\n${integration(", payloadFormatVersion: '1.0'")}`), 'HTTP')
    assert.equal(documentProtocol(`openapi: 3.0.1\ncomponents:\n  x-amazon-apigateway-integrations: {}\n${integration('')}`), 'HTTP')
    assert.equal(documentProtocol(JSON.stringify({ openapi: '3.0.1', paths: { '/$default': {} } })), 'HTTP')
  })

  it('Swagger 2.0, a plain OpenAPI 3 document and unreadable text are REST', () => {
    assert.equal(documentProtocol(`openapi: 3.0.1\n${integration('')}`), 'REST')
    // payloadFormatVersion means nothing in Swagger 2.0: only ImportRestApi reads those
    assert.equal(documentProtocol(`swagger: '2.0'\nx-amazon-apigateway-importexport-version: '1.0'\n${integration(", payloadFormatVersion: '1.0'")}`), 'REST')
    assert.equal(documentProtocol('{ not json'), 'REST')
    assert.equal(documentProtocol('[]'), 'REST')
  })
})
