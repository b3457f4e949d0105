import type { Resource } from '../model/index.ts'
import type { IdSource } from './context.ts'
import type { Problems } from './problems.ts'

const VARIABLE = /^\{([A-Za-z0-9._-]+)(\+?)\}$/
const STATIC = /^[A-Za-z0-9._~:@!$&'()*+,;=%-]+$/

/** A path's parts, and the names of its `{variables}` in order. */
export interface ParsedPath {
  parts: string[]
  variables: string[]
}

/**
 * Splits `/pets/{petId}` into path parts, reporting what API Gateway would refuse: empty or
 * malformed parts, a repeated variable, anything below a greedy `{name+}`.
 */
export function parsePath(path: string, at: string, problems: Problems): ParsedPath | undefined {
  if (!path.startsWith('/')) {
    problems.error(at, `Invalid resource path: ${path} (a path must start with /)`)
    return undefined
  }
  if (path === '/') return { parts: [], variables: [] }
  const parts = path.slice(1).split('/')
  const variables: string[] = []
  let ok = true
  parts.forEach((part, i) => {
    const variable = VARIABLE.exec(part)
    if (variable) {
      const name = variable[1]!
      if (variables.includes(name)) {
        problems.error(at, `Duplicate path parameter name: ${name}`)
        ok = false
      }
      variables.push(name)
      if (variable[2] === '+' && i < parts.length - 1) {
        problems.error(at, `Cannot create a child of a resource with a greedy path variable: ${part}`)
        ok = false
      }
    } else if (part === '') {
      problems.error(at, `Invalid resource path: ${path} (empty path part)`)
      ok = false
    } else if (!STATIC.test(part)) {
      problems.error(at, `Invalid path part: ${part}`)
      ok = false
    }
  })
  return ok ? { parts, variables } : undefined
}

/** The resource tree, root first; look-ups by full path. */
export class ResourceTree {
  readonly #byPath = new Map<string, Resource>()
  readonly #ids: IdSource

  constructor(ids: IdSource, existing?: readonly Resource[]) {
    this.#ids = ids
    if (existing && existing.length > 0) {
      for (const r of existing) this.#byPath.set(r.path, { ...r, resourceMethods: r.resourceMethods && { ...r.resourceMethods } })
    } else {
      this.#byPath.set('/', { id: ids.resource('/'), path: '/' })
    }
  }

  get root(): Resource {
    return this.#byPath.get('/')!
  }

  get(path: string): Resource | undefined {
    return this.#byPath.get(path)
  }

  /** Adds the resource for `parts` and every missing ancestor; undefined when a sibling rule breaks. */
  add(parsed: ParsedPath, at: string, problems: Problems): Resource | undefined {
    let parent = this.root
    for (const part of parsed.parts) {
      const path = parent.path === '/' ? `/${part}` : `${parent.path}/${part}`
      let node = this.#byPath.get(path)
      if (!node) {
        if (parent.pathPart?.endsWith('+}')) {
          problems.error(at, `Cannot create a child of a resource with a greedy path variable: ${parent.pathPart}`)
          return undefined
        }
        if (part.startsWith('{')) {
          const sibling = this.children(parent).find((c) => c.pathPart!.startsWith('{'))
          if (sibling) {
            problems.error(at, `A sibling (${sibling.pathPart}) of this resource already has a variable path part -- only one is allowed`)
            return undefined
          }
        }
        node = { id: this.#ids.resource(path), parentId: parent.id, pathPart: part, path }
        this.#byPath.set(path, node)
      }
      parent = node
    }
    return parent
  }

  children(parent: Resource): Resource[] {
    return [...this.#byPath.values()].filter((r) => r.parentId === parent.id)
  }

  resources(): Resource[] {
    return [...this.#byPath.values()]
  }
}
