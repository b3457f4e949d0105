#!/usr/bin/env node
// The compiled CLI in dist/ is built by `npm run build` (which `npm ci` runs through `prepare`).
import '../dist/cli/run.js'
