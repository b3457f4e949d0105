import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { importOk, method } from './helpers.ts'

const doc = `
openapi: 3.0.2
info: { title: Odds and ends, version: "1" }
x-amazon-apigateway-cors:
  allowOrigins: ["*"]
paths:
  /iam:
    get:
      x-amazon-apigateway-auth: { type: aws_iam }
      parameters:
        - { name: session, in: cookie, schema: { type: string } }
      responses: { "200": { description: ok } }
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows: { implicit: { authorizationUrl: "https://example.com/auth", scopes: {} } }
`

describe('things API Gateway has no place for', () => {
  const { definition: def, warnings } = importOk(doc)

  it('are warned about, each at its pointer', () => {
    assert.deepEqual(warnings, [
      "Security scheme 'oauth' has no API Gateway meaning and was ignored (at /components/securitySchemes/oauth)",
      "cookie parameters are not supported by API Gateway; 'session' was ignored (at /paths/~1iam/get/parameters/0)",
      'x-amazon-apigateway-cors was ignored: it is not supported for REST APIs (at /x-amazon-apigateway-cors)',
    ])
  })

  it('x-amazon-apigateway-auth sets AWS_IAM on the operation', () => {
    assert.equal(method(def, '/iam', 'GET').authorizationType, 'AWS_IAM')
    assert.equal(method(def, '/iam', 'GET').requestParameters, undefined)
  })
})
