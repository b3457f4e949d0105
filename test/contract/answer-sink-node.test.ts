import { after, before } from 'node:test'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AnswerSink } from '../../src/gateway/answer-sink.ts'
import { nodeAnswerSink } from '../../src/data/node-answer-sink.ts'
import { answerSinkContract, IDS, type Received } from './answer-sink.contract.ts'

let server: Server
let port = 0
let produce: (sink: AnswerSink) => void | Promise<void> = () => {}

before(async () => {
  server = createServer((_req, res) => {
    void Promise.resolve(produce(nodeAnswerSink(res, IDS))).catch((error: unknown) => {
      console.error('producer failed:', error)
      res.destroy()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})
after(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

/** One request over a fresh connection; what node:http's client received, or `cut` if the answer broke off. */
answerSinkContract('node:http response', (producer) => {
  produce = producer
  return new Promise<Received>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer within 10 s')), 10_000)
    const done = (received: Received): void => {
      clearTimeout(timer)
      resolve(received)
    }
    const outgoing = request({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => done({ cut: false, statusCode: res.statusCode ?? 0, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }))
      res.on('error', () => done({ cut: true }))
      res.on('aborted', () => done({ cut: true }))
    })
    outgoing.on('error', () => done({ cut: true }))
    outgoing.end()
  })
})
