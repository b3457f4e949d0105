import type { TemplateLimits } from './limits.ts'
import { VtlLimitError } from './errors.ts'
import type { Renderable } from './java-to-string.ts'
import { RenderBudget } from './render-budget.ts'

/** Where the compiled code reads and writes `$variables`. */
export interface Scope {
  get(name: string): unknown
  set(name: string, value: unknown): void
  remove(name: string): void
}

/**
 * One render's state: the variables, loop and depth counters, the work and time budget.
 * Top-level compiled code reads `vars` directly (`V.name`); macro frames go through get/set.
 */
export class RenderContext implements Scope {
  /**
   * The caller's vars, copied (shallowly) into an ordinary object so #set never touches
   * the caller's object and compiled code can read `V.name` with inline caches. Names
   * that exist on Object.prototype are only ever read through get(), which checks hasOwn.
   */
  readonly vars: Record<string, unknown> = {}
  iterations = 0
  depth = 0
  readonly budget: RenderBudget

  constructor(vars: Record<string, unknown>, readonly limits: Readonly<TemplateLimits>) {
    this.budget = new RenderBudget(limits)
    if (Object.hasOwn(vars, '__proto__')) {
      for (const key in vars) if (Object.hasOwn(vars, key)) this.set(key, vars[key])
    } else {
      Object.assign(this.vars, vars)
    }
  }

  get(name: string): unknown { return Object.hasOwn(this.vars, name) ? this.vars[name] : undefined }

  set(name: string, value: unknown): void {
    if (name === '__proto__') Object.defineProperty(this.vars, name, { value, writable: true, enumerable: true, configurable: true })
    else this.vars[name] = value
  }

  remove(name: string): void { this.set(name, undefined) }

  /**
   * Macro calls and #define renders count against maxTotalIterations like loop passes do:
   * a macro that calls itself twice, 60 deep, does no looping but 2^60 work.
   */
  countWork(): void {
    if (++this.iterations > this.limits.maxTotalIterations) {
      throw new VtlLimitError(`template exceeds ${this.limits.maxTotalIterations} loop iterations and macro calls in total`)
    }
    this.budget.spend(1)
  }

  enter(): void {
    if (++this.depth > this.limits.maxDepth) throw new VtlLimitError(`macro/block depth exceeds ${this.limits.maxDepth}`)
  }

  leave(): void { this.depth-- }
}

/**
 * A macro call's scope (Velocity 1.7 ProxyVMContext): constant arguments are bound
 * once, reference/literal arguments are re-evaluated in the caller's scope on every
 * read (call by name), and writes go to both the macro and the global context.
 */
export class MacroFrame implements Scope {
  readonly locals = new Map<string, unknown>()
  readonly proxies = new Map<string, () => unknown>()

  constructor(private readonly global: RenderContext) {}

  get(name: string): unknown {
    const local = this.locals.get(name)
    if (local != null) return local
    const proxy = this.proxies.get(name)
    if (proxy !== undefined) return proxy()
    return this.global.get(name)
  }

  set(name: string, value: unknown): void {
    this.locals.set(name, value)
    this.global.set(name, value)
  }

  remove(name: string): void {
    this.locals.delete(name)
    this.proxies.delete(name)
    this.global.remove(name)
  }
}

/**
 * `$foreach` (Velocity 1.7 ForeachScope): `$foreach.index`, `.count`, `.hasNext`, `.first`,
 * `.last`, `.parent`, `.topmost`, as properties or as the getter calls they stand for.
 * The loop updates `position` and `more`; everything else is read through methods, so
 * bean property lookup finds `getIndex()` for `$foreach.index` as it does in Java.
 */
export class ForeachScope {
  position = -1
  more = false

  constructor(private readonly previous: unknown) {}

  getIndex(): number { return this.position }
  getCount(): number { return this.position + 1 }
  hasNext(): boolean { return this.more }
  getHasNext(): boolean { return this.more }
  isFirst(): boolean { return this.position === 0 }
  getFirst(): boolean { return this.position === 0 }
  isLast(): boolean { return !this.more }
  getLast(): boolean { return !this.more }
  getParent(): unknown { return this.previous instanceof ForeachScope ? this.previous : null }
  getTopmost(): ForeachScope { return this.previous instanceof ForeachScope ? this.previous.getTopmost() : this }
  /** Scope is an AbstractMap in Velocity; an unused one prints as an empty map. */
  toString(): string { return '{}' }
}

/** A `#define` block or a block macro's `$bodyContent`: renders when printed. */
export class DefinedBlock implements Renderable {
  constructor(
    private readonly body: (ctx: RenderContext, scope: Scope) => string,
    private readonly ctx: RenderContext,
    private readonly scope: Scope,
  ) {}

  renderToString(): string {
    this.ctx.countWork()
    this.ctx.enter()
    try {
      return this.body(this.ctx, this.scope)
    } finally {
      this.ctx.leave()
    }
  }
}
