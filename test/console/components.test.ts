/**
 * The editing widgets rendered with react-dom/server, no browser: what each draws for a given
 * state (labels tied to their controls, flags, Remove buttons, the highlighted copy of a
 * template). The browser suites (console.test.ts, editing.test.ts) cover what they send.
 *
 * tsx compiles the console's .tsx with the classic JSX transform (the server's tsconfig has no
 * `jsx` setting), which calls the global `React`: it is set before the widgets are imported.
 */
import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import * as React from 'react'
import { renderToStaticMarkup } from 'react-dom/server'

// imported by URL: the server's tsconfig (which checks this file) does not compile .tsx; console/tsconfig.json checks them
let views: { MapEditor: React.FC<any>; TemplateEditor: React.FC<any> }
const view = (name: string): Promise<Record<string, React.FC<any>>> => import(new URL(`../../console/src/views/${name}.tsx`, import.meta.url).href)

before(async () => {
  Object.assign(globalThis, { React })
  views = { ...(await view('MapEditor')), ...(await view('TemplateEditor')) } as typeof views
})

const noSend = () => Promise.resolve()
/** `<label for=x>text</label>` (its text, tags and all stripped) → the control with id x, as a string of its tag */
function controlOf(html: string, label: string): string {
  const id = [...html.matchAll(/<label for="([^"]+)">(.*?)<\/label>/g)].find((m) => m[2]!.replace(/<[^>]+>/g, '') === label)?.[1]
  assert.ok(id, `no label "${label}" in ${html}`)
  const tag = html.match(new RegExp(`<(input|select|textarea)[^>]*id="${id}"[^>]*>`))?.[0]
  assert.ok(tag, `no control for "${label}"`)
  return tag
}

it('a map of flags draws one labelled checkbox per entry, checked as stored, and a Remove for each', () => {
  const html = renderToStaticMarkup(
    React.createElement(views.MapEditor, { title: 'Request parameters', path: '/requestParameters', entries: { 'method.request.querystring.q': true, 'method.request.header.X': false }, send: noSend, keyLabel: 'Parameter', flag: true }),
  )
  assert.match(controlOf(html, 'method.request.querystring.q required'), /checked/)
  assert.doesNotMatch(controlOf(html, 'method.request.header.X required'), /checked/)
  assert.match(html, /aria-label="Remove method.request.querystring.q from Request parameters"/)
  assert.match(html, /<fieldset class="map" aria-label="Request parameters"><legend>Request parameters<\/legend>/)
  // the add form: a key and a Required flag, no value field
  assert.match(controlOf(html, 'Parameter'), /^<input/)
  assert.match(controlOf(html, 'Required'), /type="checkbox"/)
  assert.doesNotMatch(html, /<label[^>]*>Value<\/label>/)
})

it('a map of values has a Remove per entry, and its add form asks for a value', () => {
  const html = renderToStaticMarkup(
    React.createElement(views.MapEditor, { title: 'Overrides', path: '/canarySettings/stageVariableOverrides', entries: { backend: 'blue' }, send: noSend, keyLabel: 'Variable', valueLabel: 'Canary value', write: 'replace', removeOps: () => [] }),
  )
  assert.match(html, /<code>backend<\/code> → <code>blue<\/code>/)
  assert.match(html, /aria-label="Remove backend from Overrides"/)
  assert.match(controlOf(html, 'Canary value'), /^<input/)
  assert.match(renderToStaticMarkup(React.createElement(views.MapEditor, { title: 'Empty', path: '/x', entries: undefined, send: noSend, keyLabel: 'Key' })), /<li>None\.<\/li>/)
})

it("a canary's override is removed by writing the canary again without it, in one UpdateStage", async () => {
  const { removeCanaryOverride } = (await import(new URL('../../console/src/views/canary-ops.ts', import.meta.url).href)) as { removeCanaryOverride: (canary: object, name: string) => unknown }
  const canary = { deploymentId: 'd2', percentTraffic: 40, useStageCache: true, stageVariableOverrides: { backend: 'blue', mode: 'x/y' } }
  assert.deepEqual(removeCanaryOverride(canary, 'backend'), [
    { op: 'remove', path: '/canarySettings' },
    { op: 'replace', path: '/canarySettings/deploymentId', value: 'd2' },
    { op: 'replace', path: '/canarySettings/percentTraffic', value: '40' },
    { op: 'replace', path: '/canarySettings/useStageCache', value: 'true' },
    { op: 'replace', path: '/canarySettings/stageVariableOverrides/mode', value: 'x/y' },
  ])
})

it('the template editor holds the text in its textarea and a coloured, hidden copy under it', () => {
  const text = '#if($input.body != "")\n{"a": 1}\n#end'
  const html = renderToStaticMarkup(React.createElement(views.TemplateEditor, { label: 'Request template application/json', value: text, onSave: noSend }))
  const area = controlOf(html, 'Request template application/json')
  assert.match(area, /^<textarea[^>]*class="code"/)
  assert.ok(html.includes(`>${text.replace(/"/g, '&quot;')}</textarea>`), html)
  const copy = html.match(/<pre class="code hl" aria-hidden="true">([\s\S]*?)<\/pre>/)?.[1]
  assert.ok(copy, html)
  assert.match(copy, /<span class="tk-directive">#if<\/span>/)
  assert.match(copy, /<span class="tk-reference">\$input.body<\/span>/)
  assert.match(copy, /<span class="tk-key">&quot;a&quot;<\/span>/)
  // the copy's text is the textarea's text plus the final newline that keeps the heights equal
  assert.equal(copy.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"'), `${text}\n`)
  // nothing changed yet: Save is disabled
  assert.match(html, /<button type="button" disabled="">Save Request template application\/json<\/button>/)
})

it('a list table names itself, hides an Actions header for screen readers only, and says when it is empty', async () => {
  const { ListTable } = (await import(new URL('../../console/src/table.tsx', import.meta.url).href)) as { ListTable: React.FC<any> }
  const columns = [
    { header: 'Name', cell: (r: { name: string }) => r.name },
    { header: '', cell: (r: { name: string }) => React.createElement('button', { type: 'button' }, `Delete ${r.name}`) },
  ]
  const html = renderToStaticMarkup(React.createElement(ListTable, { label: 'Things', columns, rows: [{ name: 'a' }, { name: 'b' }], rowKey: (r: { name: string }) => r.name, empty: 'None yet.' }))
  assert.match(html, /^<table class="list" aria-label="Things"><thead><tr><th scope="col">Name<\/th><th scope="col"><span class="sr">Actions<\/span><\/th><\/tr><\/thead>/)
  assert.equal([...html.matchAll(/<tr><td>(\w)<\/td><td><button type="button">Delete \1<\/button><\/td><\/tr>/g)].length, 2)
  assert.doesNotMatch(html, /None yet/)
  // loaded and empty: one row that says so, across every column; not loaded yet: nothing
  assert.match(renderToStaticMarkup(React.createElement(ListTable, { label: 'Things', columns, rows: [], rowKey: () => '', empty: 'None yet.' })), /<tr><td colSpan="2">None yet\.<\/td><\/tr>/)
  assert.doesNotMatch(renderToStaticMarkup(React.createElement(ListTable, { label: 'Things', columns, rows: undefined, rowKey: () => '', empty: 'None yet.' })), /None yet/)
})

it("an HTTP API's deployment history: newest first, each marked with its stages, Make active only for a chosen stage without auto-deploy", async () => {
  const { DeploymentHistory } = await view('http/DeploymentsPanel')
  const deployments = [
    { deploymentId: 'old111', description: 'first', createdDate: '2026-12-07T10:00:00Z', deploymentStatus: 'DEPLOYED' },
    { deploymentId: 'new222', description: 'second', createdDate: '2026-12-07T11:00:00Z', deploymentStatus: 'DEPLOYED' },
  ]
  const manual = { stageName: 'manual', autoDeploy: false, deploymentId: 'new222' }
  const auto = { stageName: 'live', autoDeploy: true, deploymentId: 'old111' }
  const draw = (chosen: unknown) => renderToStaticMarkup(React.createElement(DeploymentHistory!, { call: noSend, base: '/v2/apis/a', deployments, error: undefined, stages: [manual, auto], chosen, onChanged: noSend }))
  const rows = (html: string) => [...html.matchAll(/<tr><td><code>(\w+)<\/code><\/td><td>([^<]*)<\/td>/g)].map((m) => [m[1], m[2]])
  const forManual = draw(manual)
  assert.deepEqual(rows(forManual), [['new222', 'manual'], ['old111', 'live']])
  assert.deepEqual([...forManual.matchAll(/aria-label="(Make [^"]+)"/g)].map((m) => m[1]), ['Make old111 active on stage manual'])
  // an auto-deploy stage deploys itself: nothing to make active; no stage chosen: neither
  assert.doesNotMatch(draw(auto), /Make /)
  assert.doesNotMatch(draw(undefined), /Make /)
})
