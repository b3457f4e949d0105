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

it('a fixed map of values has no Remove, and its add form asks for a value', () => {
  const html = renderToStaticMarkup(
    React.createElement(views.MapEditor, { title: 'Overrides', path: '/canarySettings/stageVariableOverrides', entries: { backend: 'blue' }, send: noSend, keyLabel: 'Variable', valueLabel: 'Canary value', write: 'replace', fixed: true }),
  )
  assert.match(html, /<code>backend<\/code> → <code>blue<\/code>/)
  assert.doesNotMatch(html, /Remove/)
  assert.match(controlOf(html, 'Canary value'), /^<input/)
  assert.match(renderToStaticMarkup(React.createElement(views.MapEditor, { title: 'Empty', path: '/x', entries: undefined, send: noSend, keyLabel: 'Key' })), /<li>None\.<\/li>/)
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
