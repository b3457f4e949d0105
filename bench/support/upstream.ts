// A loopback backend for the benchmark: a small JSON body on every path, keep-alive.
import { createServer } from 'node:http'

const body = JSON.stringify({ id: 1, name: 'doggie', tags: ['a', 'b'], status: 'available' })
const server = createServer((req, res) => {
  req.resume()
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
    res.end(body)
  })
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  if (address && typeof address === 'object') process.stdout.write(`READY ${address.port}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
