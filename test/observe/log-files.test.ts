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

  it('POSTs batches of lines to an HTTP endpoint, a user and password in the URL as Basic authorization', async () => {
    const bodies: string[] = []
    const server = createServer((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c))
      req.on('end', () => {
        bodies.push(`${req.method} ${req.url} ${req.headers['content-type']} ${req.headers.authorization}\n${body}`)
        res.end()
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const sink = new HttpSink(`http://logs:s%3Acret@127.0.0.1:${(server.address() as AddressInfo).port}/ingest?stream=a`)
    try {
      sink.write('one')
      sink.write('two')
      await sink.flush()
      assert.deepEqual(bodies, [`POST /ingest?stream=a text/plain; charset=utf-8 Basic ${Buffer.from('logs:s:cret').toString('base64')}\none\ntwo\n`])
      assert.equal(sink.dropped, 0)
    } finally {
      await sink.close()
      server.close()
    }
  })

  it('counts the lines a dead endpoint loses and reports them at once, then at most once per interval', async () => {
    const server = createServer((_req, res) => res.writeHead(503).end())
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const reports: string[] = []
    const sink = new HttpSink(`http://user:pw@127.0.0.1:${(server.address() as AddressInfo).port}/down?token=t0p`, { drops: { report: (m) => reports.push(m) } })
    const where = `http://127.0.0.1:${(server.address() as AddressInfo).port}/down`
    try {
      for (let i = 0; i < 3; i++) {
        sink.write(`line ${i}`)
        await sink.flush()
      }
      assert.equal(sink.dropped, 3)
      assert.deepEqual(reports, [`portico: dropped 1 log line(s) for ${where}: 1 in failed writes (${where} answered 503)`])
    } finally {
      await sink.close()
      server.close()
    }
    assert.deepEqual(reports.slice(1), [`portico: dropped 2 log line(s) for ${where}: 2 in failed writes (${where} answered 503)`], 'the rest on close')
  })
})

