import { createServer } from 'node:net'
import { readFileSync } from 'node:fs'

/**
 * A loopback port nothing listens on, for "unreachable backend" cases. It is taken from below
 * the kernel's ephemeral range: a freed ephemeral port can become the source port of the very
 * connection made to it, and on loopback that socket then connects to itself (TCP simultaneous
 * open) and waits instead of being refused. Ports below the range are never handed out as
 * source ports, and the other tests listen on port 0, which stays inside the range.
 */
export async function closedPort(): Promise<number> {
  const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number)
  const ceiling = Math.max(1025, (low ?? 32768) - 1)
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 1024 + Math.floor(Math.random() * (ceiling - 1024))
    if (await isFree(port)) return port
  }
  throw new Error('no free loopback port below the ephemeral range')
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}
