import assert from 'node:assert/strict'
import { test } from 'node:test'
import { signedService } from '../../src/lib/sigv4/credential-scope.ts'

test('signedService reads the credential scope of a header or a presigned URL, nothing else', () => {
  const header = 'AWS4-HMAC-SHA256 Credential=AKID/20260115/us-east-1/apigateway/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc'
  assert.equal(signedService(header, ''), 'apigateway')
  assert.equal(signedService(header.replace('apigateway', 'execute-api'), 'X-Amz-Credential=AKID%2F20260115%2Fus-east-1%2Fapigateway%2Faws4_request'), 'execute-api')
  assert.equal(signedService(undefined, 'a=1&X-Amz-Credential=AKID%2F20260115%2Fus-east-1%2Fexecute-api%2Faws4_request&X-Amz-Signature=x'), 'execute-api')
  assert.equal(signedService(undefined, ''), undefined)
  assert.equal(signedService('Bearer abc', ''), undefined)
  assert.equal(signedService('AWS4-HMAC-SHA256 Credential=AKID/20260115/us-east-1', ''), undefined)
  assert.equal(signedService(undefined, 'X-Amz-Credential=%E0%A4%A'), undefined)
})
