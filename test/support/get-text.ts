import { request, type Agent, type IncomingHttpHeaders } from 'node:http'

/** GET `url` with node:http through `agent` (keep-alive sockets shared by concurrent calls). */
export function getText(url: string, agent: Agent): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { agent }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }))
      res.on('error', reject)
    })
      .on('error', reject)
      .end()
  })
}
