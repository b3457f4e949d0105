import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { FileSink, HttpSink } from '../../src/observe/log-sink.ts'

describe('log sinks', () => {
  it('rotates a file at its size limit, keeping maxFiles older files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-rotate-'))
    const path = join(dir, 'access.log')
    const sink = new FileSink(path, { maxFileBytes: 100, maxFiles: 2 })
    try {
      // 10 batches of 60 bytes: each batch passes the limit of a fresh file, so every batch rotates
      for (let i = 0; i < 10; i++) {
        sink.write(`line ${i} `.padEnd(59, 'x'))
        sink.write(`more ${i} `.padEnd(59, 'y'))
        await sink.flush()
      }
      sink.write('last')
      await sink.close()
      assert.deepEqual(readdirSync(dir).sort(), ['access.log', 'access.log.1', 'access.log.2'])
      assert.equal(readFileSync(path, 'utf8'), 'last\n')
      assert.match(readFileSync(`${path}.1`, 'utf8'), /^line 9 x+\nmore 9 y+\n$/)
      assert.match(readFileSync(`${path}.2`, 'utf8'), /^line 8 x+\nmore 8 y+\n$/)
      assert.equal(existsSync(`${path}.3`), false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('drops lines past its queue bound instead of growing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-bound-'))
    const sink = new FileSink(join(dir, 'a.log'), { maxQueuedBytes: 1000 })
    try {
      for (let i = 0; i < 100; i++) sink.write('z'.repeat(99))
      assert.equal(sink.dropped, 90)
      await sink.close()
      assert.equal(readFileSync(join(dir, 'a.log'), 'utf8').split('\n').length - 1, 10)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('POSTs batches of lines to an HTTP endpoint', async () => {
    const bodies: string[] = []
    const server = createServer((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c))
      req.on('end', () => {
        bodies.push(`${req.method} ${req.url} ${req.headers['content-type']}\n${body}`)
        res.end()
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const sink = new HttpSink(`http://127.0.0.1:${(server.address() as AddressInfo).port}/ingest`)
    try {
      sink.write('one')
      sink.write('two')
      await sink.flush()
      assert.deepEqual(bodies, ['POST /ingest text/plain; charset=utf-8\none\ntwo\n'])
      assert.equal(sink.dropped, 0)
    } finally {
      await sink.close()
      server.close()
    }
  })

  it('counts the lines a dead endpoint loses and reports them once, not per batch', async () => {
    const server = createServer((_req, res) => res.writeHead(503).end())
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const sink = new HttpSink(`http://127.0.0.1:${(server.address() as AddressInfo).port}/down`)
    const reports: string[] = []
    const original = console.error
    console.error = (message: string) => reports.push(message)
    try {
      for (let i = 0; i < 3; i++) {
        sink.write(`line ${i}`)
        await sink.flush()
      }
    } finally {
      console.error = original
      await sink.close()
      server.close()
    }
    assert.equal(sink.dropped, 3)
    assert.deepEqual(reports, [`portico: could not write 1 log line(s): ${sink.url} answered 503`])
  })
})

