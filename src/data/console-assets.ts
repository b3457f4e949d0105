import { readFileSync, readdirSync, statSync } from 'node:fs'
import { extname, join, relative, sep } from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'

/**
 * The web console's static files (`console/`, built by `npm run build` into `dist/console/`),
 * served at `/_portico/console/` beside the management API it is a client of. The files are
 * read once at start (a few hundred KB) so a request never touches the disk; the page holds no
 * secret: the browser signs every management call with the credentials the user signs in with.
 *
 * Headers: a Content-Security-Policy that allows only the console's own scripts and styles (no
 * `unsafe-inline` script, no other origin: the management API is this same origin), hashed
 * asset names cached for a year as immutable, `index.html` never cached (so a new build is
 * picked up at once), `nosniff`, and `frame-ancestors 'none'` against click-jacking.
 */

export const CONSOLE_PATH = '/_portico/console/'

export const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

interface Asset {
  body: Buffer
  type: string
  immutable: boolean
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
}

export interface ConsoleAssets {
  /** true when the request is for the console (answered), false when it is not (untouched) */
  handle(req: IncomingMessage, res: ServerResponse): boolean
}

/** The console in `dir` (dist/console); when it was not built, its path answers 404 saying so. */
export function loadConsoleAssets(dir: string | undefined): ConsoleAssets {
  const assets = dir === undefined ? new Map<string, Asset>() : readAssets(dir)
  return {
    handle(req, res) {
      const url = req.url ?? '/'
      const q = url.indexOf('?')
      const path = q < 0 ? url : url.slice(0, q)
      if (path === '/_portico/console') return redirect(res)
      if (!path.startsWith(CONSOLE_PATH)) return false
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(res, req, 405, { 'content-type': 'text/plain; charset=utf-8', allow: 'GET, HEAD' }, Buffer.from('Method Not Allowed\n'))
        return true
      }
      const name = path.slice(CONSOLE_PATH.length)
      // a path the app routes itself (no extension) gets the page; a missing asset a 404
      const asset = assets.get(name === '' ? 'index.html' : name) ?? (extname(name) === '' ? assets.get('index.html') : undefined)
      if (!asset) {
        const text = assets.size === 0 ? 'The console was not built: run `npm run build`.\n' : 'Not Found\n'
        send(res, req, 404, { 'content-type': 'text/plain; charset=utf-8' }, Buffer.from(text))
        return true
      }
      send(
        res,
        req,
        200,
        { 'content-type': asset.type, 'cache-control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache' },
        asset.body,
      )
      return true
    },
  }
}

function redirect(res: ServerResponse): true {
  res.writeHead(301, { location: CONSOLE_PATH, 'content-length': '0' }).end()
  return true
}

function send(res: ServerResponse, req: IncomingMessage, status: number, headers: Record<string, string>, body: Buffer): void {
  res.removeHeader('x-amz-apigw-id')
  res.writeHead(status, {
    ...headers,
    'content-length': String(body.length),
    'content-security-policy': CONSOLE_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  })
  res.end(req.method === 'HEAD' ? undefined : body)
}

/** Every file under `dir` by its `/`-separated relative name; Vite's `assets/` names carry a content hash. */
function readAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>()
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder)) {
      const file = join(folder, entry)
      if (statSync(file).isDirectory()) walk(file)
      else {
        const name = relative(dir, file).split(sep).join('/')
        assets.set(name, { body: readFileSync(file), type: TYPES[extname(name)] ?? 'application/octet-stream', immutable: name.startsWith('assets/') })
      }
    }
  }
  try {
    walk(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  return assets
}
