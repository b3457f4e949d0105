import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Agent } from 'node:http'
import { whenTurnEnds } from '../../src/lib/turn-end.ts'
import { getText } from '../support/get-text.ts'
import { API_ID, apiDefinition, plan, rawExchange, start } from './fixtures.ts'

describe('write coalescing', () => {
  it('runs what a turn scheduled after that turn, in order, past one that throws', async () => {
    const seen: string[] = []
    const logged: unknown[] = []
    const consoleError = console.error
    console.error = (...args: unknown[]) => void logged.push(args)
    try {
      await new Promise<void>((resolve) => {
        whenTurnEnds({ atTurnEnd: () => void seen.push('a') })
        whenTurnEnds({
          atTurnEnd: () => {
            seen.push('b')
            throw new Error('boom')
          },
        })
        whenTurnEnds({
          atTurnEnd: () => {
            seen.push('c')
            // scheduled while flushing: the next turn's
            whenTurnEnds({ atTurnEnd: () => (seen.push('d'), resolve()) })
          },
        })
        seen.push('same turn')
      })
    } finally {
      console.error = consoleError
    }
    assert.deepEqual(seen, ['same turn', 'a', 'b', 'c', 'd'])
    assert.equal(logged.length, 1)
  })

  it('gives each of many concurrent answers on shared keep-alive sockets its own body', async () => {
    const running = await start([plan(apiDefinition({ '/items/{n}': ['GET'] }))])
    after(() => running.close())
    const agent = new Agent({ keepAlive: true, maxSockets: 8 })
    const answers = await Promise.all(Array.from({ length: 300 }, (_, n) => getText(`${running.base()}/items/${n}`, agent)))
    agent.destroy()
    answers.forEach((answer, n) => {
      assert.equal(answer.status, 200)
      const body = JSON.parse(answer.body) as { pathParameters: Record<string, string>; requestId: string }
      assert.deepEqual(body.pathParameters, { n: String(n) })
      assert.equal(body.requestId, answer.headers['x-amzn-requestid'])
    })
    assert.equal(new Set(answers.map((a) => a.headers['x-amzn-requestid'])).size, answers.length)
  })
  it('answers pipelined requests in the order they were sent, though they complete out of order', async () => {
    const running = await start([plan(apiDefinition({ '/items/{n}': ['GET'] }))])
    after(() => running.close())
    const path = (n: number) => `/_aws/execute-api/${API_ID}/prod/items/${n}`
    const raw =
      `GET ${path(1)} HTTP/1.1\r\nHost: localhost\r\nx-test-delay: 80\r\n\r\n` +
      `GET ${path(2)} HTTP/1.1\r\nHost: localhost\r\n\r\n` +
      `GET ${path(3)} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`
    const text = await rawExchange(running.address.port, raw)
    const bodies = text.split('HTTP/1.1 ').slice(1).map((response) => JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as { pathParameters: { n: string } })
    assert.deepEqual(
      bodies.map((b) => b.pathParameters.n),
      ['1', '2', '3'],
    )
  })
})
