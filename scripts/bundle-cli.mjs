/**
 * Bundles the compiled CLI (dist/cli/run.js and the ~400 modules it imports) into one file,
 * dist/portico.cjs, which bin/portico.js loads through bin/compile-cache.js. Node's ES module
 * loader pays for every module it resolves and links: the bundle cut `portico serve`'s start-up
 * by ~270 ms on a quiet machine (issue 13's start-up goals; bench/README.md). Packages stay
 * external (node_modules, loaded on demand as before); the per-module dist/ tree stays for the
 * embeddable API (`import 'portico'`).
 *
 * CommonJS, not ESM, so that bin/compile-cache.js can compile it as a classic script with a V8
 * code cache (Node 20 has no code cache for ES modules). The bundle's own `import.meta.url`
 * (createRequire, the console's files beside it) becomes the file URL of `__filename`. It is
 * written as pure ASCII so the loader can read it as latin1 (a one-byte string, ~5 ms less than
 * decoding UTF-8): esbuild escapes non-ASCII in code, and what it keeps of comments is replaced.
 */
import { writeFileSync } from 'node:fs'
import { build, transform } from 'esbuild'

const result = await build({
  entryPoints: ['dist/cli/run.js'],
  outfile: 'dist/portico.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  define: { 'import.meta.url': '__portico_import_meta_url' },
  // on the first line with the directive (the modules were strict as ESM) so that lines keep their numbers
  banner: { js: '"use strict";var __portico_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
  write: false,
  logLevel: 'warning',
})

for (const file of result.outputFiles) {
  writeFileSync(file.path, file.path.endsWith('.cjs') ? await asciiOnly(file.text) : file.contents)
}

/**
 * `text` with every non-ASCII UTF-16 unit of its comments replaced by `?`, which keeps every
 * column the source map points at. esbuild's default charset leaves non-ASCII only in comments
 * (class-body JSDoc): checked by comparing the code without comments before and after.
 */
async function asciiOnly(text) {
  const ascii = text.replace(/[^\x00-\x7f]/g, '?')
  if (ascii === text) return text
  const code = async (source) => (await transform(source, { minifyWhitespace: true, legalComments: 'none', format: 'cjs' })).code
  if ((await code(ascii)) !== (await code(text))) throw new Error('dist/portico.cjs: non-ASCII characters outside comments')
  return ascii
}
