// The floor for new TLS handshakes: a bare node:tls server (or, with `https`, a bare node:https
// server) presenting the given certificate, answering every request with a fixed 200 and closing.
import { readFileSync } from 'node:fs'
import { createServer as createHttpsServer } from 'node:https'
import { createServer as createTlsServer, type TLSSocket } from 'node:tls'

const [certFile, keyFile, kind = 'tls'] = process.argv.slice(2)
if (!certFile || !keyFile) throw new Error('usage: bare-tls.ts <cert.pem> <key.pem> [tls|https]')
const pair = { cert: readFileSync(certFile), key: readFileSync(keyFile) }
const body = '{"id":1}'
const answer = `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`

function answerOnce(socket: TLSSocket): void {
  let head = ''
  socket.on('data', (chunk: Buffer) => {
    head += chunk.toString('latin1')
    if (head.includes('\r\n\r\n')) socket.end(answer)
  })
  socket.on('error', () => socket.destroy())
}

const server =
  kind === 'https'
    ? createHttpsServer(pair, (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length, connection: 'close' })
        res.end(body)
      })
    : createTlsServer(pair, answerOnce)
server.on('tlsClientError', (_error, socket) => socket.destroy())
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  if (address && typeof address === 'object') process.stdout.write(`READY ${address.port}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
