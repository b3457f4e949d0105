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
  // two parallel stacks and `for…in` rather than [node, depth] pairs and Object.values(): no
  // array per node, which made this walk cost more than the JSON.parse before it (a 300-resource
  // document: ~9 ms against ~1.5 ms on a cold start)
  const nodes: object[] = [value]
  const depths: number[] = [1]
  while (nodes.length > 0) {
    const node = nodes.pop() as Record<string, unknown>
    const depth = depths.pop()!
    if (depth > max) return true
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const child: unknown = node[i]
        if (child !== null && typeof child === 'object') {
          nodes.push(child)
          depths.push(depth + 1)
        }
      }
    } else {
      for (const key in node) {
        if (!Object.hasOwn(node, key)) continue
        const child = node[key]
        if (child !== null && typeof child === 'object') {
          nodes.push(child)
          depths.push(depth + 1)
        }
      }
    }
  }
  return false
}
