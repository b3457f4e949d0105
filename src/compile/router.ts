import { CompileError } from './compile-error.ts'

/**
 * A per-deployment segment trie with API Gateway's REST precedence: at each level a literal
 * segment beats `{param}`, which beats `{proxy+}`; when a more specific branch has no method for
 * the verb, matching backtracks to the next candidate. `ANY` answers verbs a resource does not
 * define itself; HEAD does not fall back to GET.
 */
export interface Router<T> {
  /**
   * `rawPath` is the path after the stage as sent on the wire (still percent-encoded), so an
   * encoded slash (`%2F`) stays inside its segment. undefined: nothing matches.
   */
  match(httpMethod: string, rawPath: string): RouterMatch<T> | undefined
}

export interface RouterMatch<T> {
  value: T
  /** the verb of the method that matched (`ANY` when the fallback answered) */
  httpMethod: string
  pathParameters: Record<string, string>
}

interface Node<T> {
  literals: Map<string, Node<T>>
  param?: { name: string; node: Node<T> }
  greedy?: { name: string; methods: Map<string, T> }
  methods: Map<string, T>
  /** the template path of this node, for compile errors */
  path: string
}

type Part = { kind: 'literal'; text: string } | { kind: 'param'; name: string } | { kind: 'greedy'; name: string }

function newNode<T>(path: string): Node<T> {
  return { literals: new Map(), methods: new Map(), path }
}

/** Splits a template path (`/pets/{petId}`, `/{proxy+}`, `/`) into typed parts. */
function templateParts(path: string): Part[] {
  return path
    .split('/')
    .filter((p) => p !== '')
    .map((p): Part => {
      if (p.startsWith('{') && p.endsWith('+}')) return { kind: 'greedy', name: p.slice(1, -2) }
      if (p.startsWith('{') && p.endsWith('}')) return { kind: 'param', name: p.slice(1, -1) }
      return { kind: 'literal', text: p }
    })
}

export interface RouterBuilder<T> {
  /** adds one method of one resource; throws CompileError on paths AWS would not accept */
  add(templatePath: string, httpMethod: string, value: T): void
  build(): Router<T>
}

export function createRouterBuilder<T>(): RouterBuilder<T> {
  const root = newNode<T>('/')

  function add(templatePath: string, httpMethod: string, value: T): void {
    const parts = templateParts(templatePath)
    let node = root
    let prefix = ''
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!
      if (part.kind === 'greedy') {
        if (i !== parts.length - 1) {
          throw new CompileError(`${templatePath}: a greedy path part {${part.name}+} must be the last segment`)
        }
        if (node.param) throw siblingError(templatePath, node.param.name, `${part.name}+`)
        if (node.greedy && node.greedy.name !== part.name) throw siblingError(templatePath, `${node.greedy.name}+`, `${part.name}+`)
        node.greedy ??= { name: part.name, methods: new Map() }
        setMethod(node.greedy.methods, templatePath, httpMethod, value)
        return
      }
      prefix += '/' + (part.kind === 'literal' ? part.text : `{${part.name}}`)
      if (part.kind === 'literal') {
        let child = node.literals.get(part.text)
        if (!child) node.literals.set(part.text, (child = newNode(prefix)))
        node = child
      } else {
        if (node.greedy) throw siblingError(templatePath, `${node.greedy.name}+`, part.name)
        if (node.param && node.param.name !== part.name) throw siblingError(templatePath, node.param.name, part.name)
        node.param ??= { name: part.name, node: newNode(prefix) }
        node = node.param.node
      }
    }
    setMethod(node.methods, templatePath, httpMethod, value)
  }

  return {
    add,
    build(): Router<T> {
      return {
        match(httpMethod, rawPath) {
          const segments = splitRawPath(rawPath)
          if (!segments) return undefined
          const params: Record<string, string> = {}
          const found = walk(root, segments, 0, httpMethod, params)
          return found && { value: found.value, httpMethod: found.httpMethod, pathParameters: params }
        },
      }
    },
  }
}

function siblingError(path: string, existing: string, added: string): CompileError {
  return new CompileError(
    `${path}: a sibling ({${existing}}) of this resource already has a variable path part -- only one is allowed (adding {${added}})`,
  )
}

function setMethod<T>(methods: Map<string, T>, path: string, httpMethod: string, value: T): void {
  if (methods.has(httpMethod)) throw new CompileError(`${httpMethod} ${path}: defined twice`)
  methods.set(httpMethod, value)
}

function pick<T>(methods: Map<string, T>, httpMethod: string): { value: T; httpMethod: string } | undefined {
  const exact = methods.get(httpMethod)
  if (exact !== undefined) return { value: exact, httpMethod }
  const any = methods.get('ANY')
  return any === undefined ? undefined : { value: any, httpMethod: 'ANY' }
}

function walk<T>(
  node: Node<T>,
  segments: string[],
  index: number,
  httpMethod: string,
  params: Record<string, string>,
): { value: T; httpMethod: string } | undefined {
  if (index === segments.length) return pick(node.methods, httpMethod)
  const segment = segments[index]!

  if (segment !== '') {
    const literal = node.literals.get(segment)
    if (literal) {
      const found = walk(literal, segments, index + 1, httpMethod, params)
      if (found) return found
    }
    if (node.param) {
      const found = walk(node.param.node, segments, index + 1, httpMethod, params)
      if (found) {
        params[node.param.name] = segment
        return found
      }
    }
  }
  // `{proxy+}` takes one or more segments, never an empty remainder
  if (node.greedy && segment !== '') {
    const found = pick(node.greedy.methods, httpMethod)
    if (found) {
      params[node.greedy.name] = segments.slice(index).join('/')
      return found
    }
  }
  return undefined
}

/**
 * Splits the raw path after the stage into percent-decoded segments. Trailing and leading
 * slashes are ignored (`/pets/` and `//pets` are `/pets`, as on AWS). A segment whose percent-encoding is invalid is kept
 * as sent. undefined: the path holds a dot segment (`.`, `..`, also when encoded as `%2e`),
 * which never routes.
 */
export function splitRawPath(rawPath: string): string[] | undefined {
  let end = rawPath.length
  while (end > 0 && rawPath.charCodeAt(end - 1) === 47 /* / */) end--
  // leading slashes too: AWS routes `//pets` as `/pets` (AWS-recorded, see data/request-context.ts collapseLeadingSlashes)
  let start = 0
  while (start < end && rawPath.charCodeAt(start) === 47) start++
  if (start >= end) return []
  const raw = rawPath.slice(start, end).split('/')
  const segments = new Array<string>(raw.length)
  for (let i = 0; i < raw.length; i++) {
    const decoded = decodeSegment(raw[i]!)
    if (decoded === '.' || decoded === '..') return undefined
    segments[i] = decoded
  }
  return segments
}

function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
