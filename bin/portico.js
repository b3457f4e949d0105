#!/usr/bin/env node
// The CLI bundled into one file by `npm run build` (scripts/bundle-cli.mjs; `npm ci` runs it through `prepare`).
import '../dist/portico.js'
