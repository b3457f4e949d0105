// The floor of any Node gateway: node:http in front of an undici Pool, response piped with
// pool.stream(). Portico's HTTP_PROXY is measured against this. With a certificate and key
// (PEM files) it listens with node:https instead, for the HTTPS comparison (bench/https-proxy.ts).
import { readFileSync } from 'node:fs'
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { Pool } from 'undici'

const [upstream, certFile, keyFile] = process.argv.slice(2)
if (!upstream) throw new Error('usage: minimal-proxy.ts <upstream origin> [<cert.pem> <key.pem>]')
const pool = new Pool(upstream, { connections: 128 })

const proxy = (req: IncomingMessage, res: ServerResponse) => {
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
}
const server = certFile && keyFile ? createHttpsServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, proxy) : createHttpServer(proxy)
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  if (address && typeof address === 'object') process.stdout.write(`READY ${address.port}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
