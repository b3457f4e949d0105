import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

// The console is served at /_portico/console/ by `portico serve`; built into dist/console beside the server.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/_portico/console/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    // no inline module-preload polyfill script: the page's CSP allows no inline script
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: true,
  },
})
