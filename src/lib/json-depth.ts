/**
 * Whether a parsed JSON (or YAML) value nests more than `max` levels: a scalar is 0 levels deep,
 * `{}` and `[]` are 1, and each object or array inside another adds one. JSON.parse builds
 * values of any depth without recursion, but most walks over them recurse (JSON.stringify,
 * structuredClone, ajv, our own), so a value from outside is measured here, iteratively, before
 * anything walks it. Stops as soon as the answer is yes, so a value that refers to itself (YAML
 * aliases can build one) is "too deep" rather than an endless loop.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object') return max < 0
  const stack: Array<[object, number]> = [[value, 1]]
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!
    if (depth > max) return true
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child as object, depth + 1])
    }
  }
  return false
}
