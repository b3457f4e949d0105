/**
 * `import { createGateway } from 'portico'`: resolved by plain Node through package.json's
 * `exports` (a package may import itself by name) to the built dist/index.js, in a child process
 * without tsx. Needs `npm run build` first; skipped without dist/. (Under tsx, tsconfig.json's
 * `paths` maps the name to src/index.ts instead, which is what type-checks it.)
 */
import { it } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'

const root = join(import.meta.dirname, '..', '..')
const built = existsSync(join(root, 'dist', 'index.js'))

it('imports createGateway by the package name and runs a MOCK API with it', { skip: built ? false : 'dist/ is not built: npm run build' }, async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'test', 'fixtures', 'embed', 'self-import.mjs')], { cwd: root, timeout: 60_000 })
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { resolved: string; status: number; body: unknown }
  assert.equal(result.resolved, new URL('dist/index.js', `file://${root}/`).href)
  assert.equal(result.status, 200)
  assert.deepEqual(result.body, { hello: 'world' })
})
