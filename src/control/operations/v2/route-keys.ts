import { badRequest, conflict } from '../../protocol/errors.ts'

/**
 * HTTP API route keys: `$default`, or `METHOD /path` with path variables `{name}` and a greedy
 * `{name+}` as the last segment only ([DG:http-api-develop-routes]).
 */

export const ROUTE_METHODS = ['ANY', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const

const SEGMENT = /^(?:[A-Za-z0-9._~!$&'()*,;=:@%-]+|\{[A-Za-z0-9._-]+\+?\})$/

/** Refuses a malformed HTTP route key with a 400 that says what is wrong. */
export function checkHttpRouteKey(routeKey: string): void {
  if (routeKey === '$default') return
  const invalid = (why: string) => badRequest(`Invalid route key '${routeKey}': ${why}`)
  const space = routeKey.indexOf(' ')
  if (space < 0) throw invalid("a route key is '$default' or an HTTP method and a path, e.g. 'GET /pets'")
  const method = routeKey.slice(0, space)
  const path = routeKey.slice(space + 1)
  if (!(ROUTE_METHODS as readonly string[]).includes(method)) throw invalid(`the method must be one of ${ROUTE_METHODS.join(', ')}`)
  if (!path.startsWith('/')) throw invalid("the path must start with '/'")
  if (path === '/') return
  const segments = path.slice(1).split('/')
  const names = new Set<string>()
  segments.forEach((segment, i) => {
    if (!SEGMENT.test(segment)) throw invalid(`'${segment}' is not a valid path segment`)
    if (segment.endsWith('+}') && i !== segments.length - 1) throw invalid('a greedy path variable must be the last segment')
    if (segment.startsWith('{')) {
      const name = segment.slice(1, segment.endsWith('+}') ? -2 : -1)
      if (names.has(name)) throw invalid(`the path variable '${name}' appears twice`)
      names.add(name)
    }
  })
}

/**
 * A new or changed route's key against the API's others: the same key is a 409; so is a
 * variable of another name at a level where another route of the same method has one
 * (`GET /a/{x}/b` beside `GET /a/{y}/b`), with AWS's texts.
 */
export function checkRouteKeyFree(routeKey: string, others: ReadonlyArray<{ routeKey: string }>): void {
  for (const other of others) {
    if (other.routeKey === routeKey) throw conflict(`Route with key ${routeKey} already exists for this API`)
  }
  const mine = splitKey(routeKey)
  if (!mine) return
  for (const other of others) {
    const theirs = splitKey(other.routeKey)
    if (!theirs || theirs.method !== mine.method || theirs.segments.length !== mine.segments.length) continue
    const clash = mine.segments.some((segment, i) => {
      const their = theirs.segments[i]!
      const prefixSame = mine.segments.slice(0, i).every((s, j) => sameShape(s, theirs.segments[j]!))
      return prefixSame && isVariable(segment) && isVariable(their) && segment !== their && segment.endsWith('+}') === their.endsWith('+}')
    })
    if (clash) {
      throw conflict(`The provided route key "${routeKey}" has a conflicting variable on the same hierarchical level as "${other.routeKey}"`)
    }
  }
}

function splitKey(routeKey: string): { method: string; segments: string[] } | undefined {
  const space = routeKey.indexOf(' ')
  if (space < 0) return undefined
  return { method: routeKey.slice(0, space), segments: routeKey.slice(space + 1).split('/').slice(1) }
}

const isVariable = (segment: string): boolean => segment.startsWith('{')

/** equal literals, or variables (of any name) at the same place */
const sameShape = (a: string, b: string): boolean => a === b || (isVariable(a) && isVariable(b))
