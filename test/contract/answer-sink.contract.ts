import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { AnswerSink } from '../../src/gateway/answer-sink.ts'
import type { RequestIds } from '../../src/data/request-context.ts'

export const IDS: RequestIds = { requestId: 'req-0001', extendedRequestId: 'ExtId0001=' }

/** What the receiver of one answer got: status, head (names and values alternating) and body; `cut` when it was cut off. */
export type Received = { cut: false; statusCode: number; rawHeaders: string[]; body: Buffer } | { cut: true }

/**
 * One exchange: a fresh sink for one request (with IDS), handed to `produce`, and what its
 * receiver got once the answer is complete or cut off. Each runner bounds its wait.
 */
export type Exchange = (produce: (sink: AnswerSink) => void | Promise<void>) => Promise<Received>

function values(received: Received, name: string): string[] {
  assert.equal(received.cut, false, 'the answer was cut off')
  const { rawHeaders } = received as Extract<Received, { cut: false }>
  const out: string[] = []
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === name) out.push(rawHeaders[i + 1]!)
  return out
}

function complete(received: Received): Extract<Received, { cut: false }> {
  assert.equal(received.cut, false, 'the answer was cut off')
  return received as Extract<Received, { cut: false }>
}

/** The behaviour every AnswerSink owes the pipeline and the stages that stream. */
export function answerSinkContract(name: string, exchange: Exchange): void {
  describe(`AnswerSink contract: ${name}`, () => {
    it('send: status, the request ids, the answer headers and a Content-Length of the body in bytes', async () => {
      const got = complete(
        await exchange((sink) => {
          assert.equal(sink.started, false)
          sink.send({ kind: 'http', statusCode: 201, headers: { 'Content-Type': 'text/plain', 'X-Multi': ['a', 'b'] }, body: 'héllo' })
          assert.equal(sink.started, true)
          assert.equal(sink.statusCode, 201)
          assert.equal(sink.contentLength, 6)
        }),
      )
      assert.equal(got.statusCode, 201)
      assert.equal(got.body.toString(), 'héllo')
      assert.deepEqual(values(got, 'x-amzn-requestid'), [IDS.requestId])
      assert.deepEqual(values(got, 'x-amz-apigw-id'), [IDS.extendedRequestId])
      assert.deepEqual(values(got, 'content-type'), ['text/plain'])
      assert.deepEqual(values(got, 'x-multi'), ['a', 'b'])
      assert.deepEqual(values(got, 'content-length'), ['6'])
    })

    it("the answer's own request id and added header win; its Content-Length is replaced by the real one", async () => {
      const got = complete(
        await exchange((sink) => {
          sink.addHeader('Warning', 'from a stage')
          sink.addHeader('X-Added', 'yes')
          sink.send({ kind: 'http', statusCode: 200, headers: { 'X-Amzn-RequestId': 'mine', warning: 'own', 'content-length': '999' }, body: 'abc' })
        }),
      )
      assert.deepEqual(values(got, 'x-amzn-requestid'), ['mine'])
      assert.deepEqual(values(got, 'warning'), ['own'])
      assert.deepEqual(values(got, 'x-added'), ['yes'])
      assert.deepEqual(values(got, 'content-length'), ['3'])
      assert.equal(got.body.toString(), 'abc')
    })

    it('one answer only: a second send is ignored', async () => {
      const got = complete(
        await exchange((sink) => {
          sink.send({ kind: 'http', statusCode: 200, headers: {}, body: 'first' })
          sink.send({ kind: 'http', statusCode: 500, headers: {}, body: 'second' })
          assert.equal(sink.statusCode, 200)
        }),
      )
      assert.equal(got.statusCode, 200)
      assert.equal(got.body.toString(), 'first')
    })

    it('closeAfterAnswer: the answer says Connection: close', async () => {
      const got = await exchange((sink) => {
        sink.closeAfterAnswer()
        sink.send({ kind: 'http', statusCode: 413, headers: { Connection: 'keep-alive' }, body: '{}' })
      })
      assert.deepEqual(values(got, 'connection'), ['close'])
    })

    it('stream: the head at once, then every chunk in order; a producer that honours backpressure delivers all of it', async () => {
      const chunk = Buffer.alloc(16 * 1024, 'x')
      const count = 64
      const got = complete(
        await exchange(
          (sink) =>
            new Promise<void>((resolve, reject) => {
              const body = sink.stream(200, ['Content-Type', 'application/octet-stream', 'X-Backend', 'yes'], String(chunk.length * count))
              assert.equal(sink.started, true)
              assert.equal(sink.contentLength, String(chunk.length * count))
              let sent = 0
              const deadline = setTimeout(() => reject(new Error('the producer was never resumed')), 10_000)
              const pump = (): void => {
                while (sent < count) {
                  sent++
                  if (!body.write(chunk)) return body.onDrain(pump)
                }
                clearTimeout(deadline)
                body.end()
                resolve()
              }
              pump()
            }),
        ),
      )
      assert.equal(got.statusCode, 200)
      assert.equal(got.body.length, chunk.length * count)
      assert.deepEqual(values(got, 'x-backend'), ['yes'])
      assert.deepEqual(values(got, 'x-amzn-requestid'), [IDS.requestId])
      assert.deepEqual(values(got, 'content-length'), [String(chunk.length * count)])
    })

    it('abort after the answer began cuts it off; abort before any answer writes none', async () => {
      const cut = await exchange((sink) => {
        const body = sink.stream(200, [], '100')
        body.write(Buffer.from('partial'))
        sink.abort()
      })
      assert.equal(cut.cut, true)
      const silent = await exchange((sink) => {
        sink.abort()
        assert.equal(sink.started, false)
      })
      assert.equal(silent.cut, true)
    })
  })
}
