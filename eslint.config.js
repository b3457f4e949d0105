import js from '@eslint/js'
import tseslint from 'typescript-eslint'

// The layers (docs/architecture.md): imports point one way. Tests and benchmarks may import anything.
const CAPABILITIES = ['auth', 'limits', 'cache', 'integrations', 'observe', 'functions']
const FOLDERS = ['lib', 'model', 'gateway', 'vtl', ...CAPABILITIES, 'compile', 'data', 'control', 'openapi', 'sdk', 'cli']
// the composition root's files at src/: main.ts and local-store.ts wire everything; the config files hold options
const ROOT_WIRING = ['**/main.ts', '**/local-store.ts']
const ROOT_CONFIG = ['**/config.ts', '**/config-file.ts', '**/config-services.ts']
const only = (...allowed) => FOLDERS.filter((f) => !allowed.includes(f)).map((f) => `**/${f}/**`)
const folders = (...names) => names.map((f) => `**/${f}/**`)
const layer = (folder, forbidden, message) => ({
  files: [`src/${folder}/**/*.ts`],
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: forbidden, message: `${message} (docs/architecture.md)` }] }] },
})
const layers = [
  layer('lib', [...only('lib'), ...ROOT_WIRING, ...ROOT_CONFIG], 'lib/ imports nothing of the project'),
  layer('model', [...only('lib', 'model'), ...ROOT_WIRING, ...ROOT_CONFIG], 'model/ imports only lib/'),
  layer('gateway', [...only('lib', 'model', 'gateway'), ...ROOT_WIRING, ...ROOT_CONFIG], 'gateway/ imports only lib/ and model/'),
  layer('vtl', [...only('lib', 'model', 'gateway', 'vtl'), ...ROOT_WIRING, ...ROOT_CONFIG], 'vtl/ imports only lib/, model/ and gateway/'),
  ...CAPABILITIES.map((folder) =>
    layer(
      folder,
      [...only('lib', 'model', 'gateway', 'vtl', folder), ...ROOT_WIRING],
      `a capability (${folder}/) imports lib/, model/, gateway/ and vtl/, never data/, compile/ or another capability: what it needs of one is passed in from main.ts`,
    ),
  ),
  layer('sdk', [...only('lib', 'model', 'sdk'), ...ROOT_WIRING, ...ROOT_CONFIG], 'sdk/ (SDK generation) imports only lib/ and model/'),
  layer('control', [...folders('data', 'cli'), ...ROOT_WIRING], 'control/ does not import the data plane (data/): what it needs of it is passed in from main.ts'),
  layer('cli', folders('control'), 'cli/ speaks to the management API and imports no control/ internals'),
]

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.portico/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['bin/**/*.js', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  ...layers,
)
