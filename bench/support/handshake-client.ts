// One process of the handshake bench's clients: `concurrency` loops, each a fresh TLS connection
// (no session resumption: a full handshake), one GET with `Connection: close`, read to the end,
// until `seconds` have passed. Prints {"handshakes", "errors", "seconds"} as JSON. Loopback only.
import { readFileSync } from 'node:fs'
import { connect } from 'node:tls'

const [url, caFile, concurrencyArg, secondsArg] = process.argv.slice(2)
if (!url || !caFile) throw new Error('usage: handshake-client.ts <https url> <ca.pem> <concurrency> <seconds>')
const target = new URL(url)
if (!/^(127\.\d+\.\d+\.\d+|localhost)$/.test(target.hostname)) throw new Error(`refusing a non-loopback target: ${url}`)
const ca = readFileSync(caFile, 'utf8')
const port = Number(target.port)
const request = `GET ${target.pathname} HTTP/1.1\r\nHost: ${target.host}\r\nConnection: close\r\n\r\n`
const deadline = performance.now() + Number(secondsArg) * 1000
let handshakes = 0
let errors = 0

function once(): Promise<void> {
  return new Promise((resolve) => {
    let head = ''
    const socket = connect({ host: target.hostname, port, ca }, () => socket.write(request))
    socket.setEncoding('latin1')
    socket.on('data', (chunk: string) => {
      if (head.length < 16) head += chunk
    })
    // a refused or reset connection closes without a 200: counted as an error, not a handshake
    socket.on('error', () => {})
    socket.on('close', () => {
      if (head.startsWith('HTTP/1.1 200')) handshakes++
      else errors++
      resolve()
    })
  })
}

async function loop(): Promise<void> {
  while (performance.now() < deadline) await once()
}

const t0 = performance.now()
await Promise.all(Array.from({ length: Number(concurrencyArg) }, loop))
process.stdout.write(JSON.stringify({ handshakes, errors, seconds: (performance.now() - t0) / 1000 }) + '\n')
