import { request, type Agent, type IncomingHttpHeaders, type IncomingMessage, type RequestOptions } from 'node:http'

interface TextAnswer {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

function getAnswer(target: string | RequestOptions, options: RequestOptions): Promise<TextAnswer> {
  return new Promise((resolve, reject) => {
    const collect = (res: IncomingMessage) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }))
      res.on('error', reject)
    }
    const req = typeof target === 'string' ? request(target, options, collect) : request({ ...target, ...options }, collect)
    req.on('error', reject).end()
  })
}

/** GET `url` with node:http through `agent` (keep-alive sockets shared by concurrent calls). */
export function getText(url: string, agent: Agent): Promise<TextAnswer> {
  return getAnswer(url, { agent })
}

/** GET `path` on the listener at `base` (`http://host:port`) with these headers (a Host of one's choosing). */
export function getWithHeaders(base: string, path: string, headers: Record<string, string>): Promise<TextAnswer> {
  const url = new URL(base)
  return getAnswer({ host: url.hostname, port: url.port, path }, { headers })
}
