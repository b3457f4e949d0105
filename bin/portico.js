#!/usr/bin/env node
// The CLI bundled into one file by `npm run build` (scripts/bundle-cli.mjs; `npm ci` runs it through `prepare`).
import { fileURLToPath, URL } from 'node:url'
import { loadWithCompileCache } from './compile-cache.js'

loadWithCompileCache(fileURLToPath(new URL('../dist/portico.cjs', import.meta.url)))
