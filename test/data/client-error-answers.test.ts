/**
 * Issue 14, defect 9: bad chunk framing closed the socket without the 400 docs/errors.md
 * promises (the request's response already existed, so the listener only destroyed the socket),
 * and an HTTP/1.1 request without Host got Node's bare 400, with no JSON body and no
 * x-amzn-RequestId. Every refusal of malformed HTTP now carries both, on the data plane and on
 * the management API that shares its port.
 */
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { API_ID, apiDefinition, plan, rawExchange, useServed } from './fixtures.ts'
import { useTestPortico } from '../control/stages-harness.ts'

const PREFIX = `/_aws/execute-api/${API_ID}/prod`

/** A complete `400 {"message":"Bad Request"}` the way docs/errors.md lists it, and its request id. */
function assertBadRequest(reply: string): string {
  assert.match(reply, /^HTTP\/1\.1 400 Bad Request\r\n/)
  assert.match(reply, /\r\nConnection: close\r\n/i)
  assert.match(reply, /\r\nContent-Type: application\/json\r\n/i)
  assert.match(reply, /\r\nx-amzn-ErrorType: BadRequestException\r\n/i)
  assert.ok(reply.endsWith('\r\n\r\n{"message":"Bad Request"}'), reply)
  const id = /\r\nx-amzn-RequestId: ([0-9a-f-]{36})\r\n/i.exec(reply)
  assert.ok(id, reply)
  return id[1]!
}

const badFraming: Array<[string, string]> = [
  ['a chunk size that is not hex', 'ZZ\r\nab\r\n0\r\n\r\n'],
  ['chunk data not followed by CRLF', '2\r\nabXX0\r\n\r\n'],
  ['a chunk extension with a control character', '2;\x01\r\nab\r\n0\r\n\r\n'],
]

describe('malformed HTTP is answered with a JSON 400 and a request id', () => {
  const running = useServed(() => [plan(apiDefinition({ '/pets': ['GET', 'POST'] }))])

  for (const [name, chunks] of badFraming) {
    test(`data plane: ${name}`, async () => {
      const reply = await rawExchange(running.address.port, `POST ${PREFIX}/pets HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${chunks}`)
      assertBadRequest(reply)
    })
  }

  test('data plane: an HTTP/1.1 request without Host (HTTP/1.0 needs none)', async () => {
    const ids = new Set([assertBadRequest(await rawExchange(running.address.port, `GET ${PREFIX}/pets HTTP/1.1\r\n\r\n`))])
    ids.add(assertBadRequest(await rawExchange(running.address.port, `GET ${PREFIX}/pets HTTP/1.1\r\nHost:\r\n\r\n`)))
    assert.equal(ids.size, 2, 'each answer has its own request id')
    const old = await rawExchange(running.address.port, `GET ${PREFIX}/pets HTTP/1.0\r\n\r\n`)
    assert.match(old, /^HTTP\/1\.1 200 /)
  })

  test('the listener keeps serving after each of them', async () => {
    const reply = await rawExchange(running.address.port, `GET ${PREFIX}/pets HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)
    assert.match(reply, /^HTTP\/1\.1 200 /)
  })
})

describe('malformed HTTP to the management API', () => {
  const t = useTestPortico()

  test('bad chunk framing and a missing Host answer the same JSON 400', async () => {
    const port = Number(new URL(t.endpoint).port)
    assertBadRequest(await rawExchange(port, `POST /restapis HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${badFraming[0]![1]}`))
    assertBadRequest(await rawExchange(port, 'GET /restapis HTTP/1.1\r\n\r\n'))
  })
})
