import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { test } from 'node:test'
import ts from 'typescript'

// dist/ is built by tsc, whose rewriteRelativeImportExtensions wraps the handler's import() in a
// module-level helper; the eval'd worker script did not have it, so every local function failed
// under `portico serve` with "__rewriteRelativeImportExtension is not defined".
test('the worker script compiled by tsc with the project options defines every helper it calls', async () => {
  const config = ts.readConfigFile(new URL('../../tsconfig.json', import.meta.url).pathname, ts.sys.readFile)
  const { options } = ts.convertCompilerOptionsFromJson(config.config.compilerOptions, '.')
  const file = new URL('../../src/functions/worker-entry.ts', import.meta.url).pathname
  const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: { ...options, noEmit: false, module: ts.ModuleKind.ESNext }, fileName: file })
  const dir = mkdtempSync(join(tmpdir(), 'portico-worker-source-'))
  try {
    writeFileSync(join(dir, 'worker-entry.mjs'), outputText)
    const built = (await import(pathToFileURL(join(dir, 'worker-entry.mjs')).href)) as { workerSource(): string }
    const source = built.workerSource()
    const called = new Set([...source.matchAll(/\b(__\w+)\(/g)].map((m) => m[1]!))
    assert.ok(called.has('__rewriteRelativeImportExtension'), 'tsc no longer wraps import(): this test can go')
    for (const helper of called) assert.match(source, new RegExp(`const ${helper} =`), `${helper} is called but not defined`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
