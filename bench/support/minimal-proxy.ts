// The floor of any Node gateway: node:http in front of an undici Pool, response piped with
// pool.stream(). Portico's HTTP_PROXY is measured against this.
import { createServer } from 'node:http'
import { Pool } from 'undici'

const upstream = process.argv[2]
if (!upstream) throw new Error('usage: minimal-proxy.ts <upstream origin>')
const pool = new Pool(upstream, { connections: 128 })

const server = createServer((req, res) => {
  pool
    .stream(
      { path: req.url ?? '/', method: (req.method ?? 'GET') as 'GET', headers: { 'content-type': req.headers['content-type'] ?? 'application/json' }, body: req.method === 'GET' || req.method === 'HEAD' ? null : req },
      ({ statusCode, headers }) => {
        const out: Record<string, string | string[]> = {}
        for (const [k, v] of Object.entries(headers)) if (v !== undefined && k !== 'connection' && k !== 'keep-alive') out[k] = v as string | string[]
        res.writeHead(statusCode, out)
        return res
      },
    )
    .catch(() => {
      if (!res.headersSent) res.writeHead(502)
      res.end()
    })
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  if (address && typeof address === 'object') process.stdout.write(`READY ${address.port}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
