/**
 * Bundles the compiled CLI (dist/cli/run.js and the ~400 modules it imports) into one file,
 * dist/portico.js, which bin/portico.js loads. Node's ES module loader pays for every module it
 * resolves and links: the bundle cuts `portico serve`'s start-up by ~270 ms on a quiet machine
 * (issue 13's start-up goals; bench/README.md). Packages stay external (node_modules, loaded on
 * demand as before); the per-module dist/ tree stays for the embeddable API (`import 'portico'`).
 */
import { build } from 'esbuild'

await build({
  entryPoints: ['dist/cli/run.js'],
  outfile: 'dist/portico.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
})
