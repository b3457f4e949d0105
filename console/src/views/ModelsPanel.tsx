import { useState } from 'react'
import type { Call } from '../api.ts'
import { useAction, useLoad } from '../hooks.ts'
import { EditForm, TextInput } from '../fields.tsx'
import { ErrorText, Panel } from '../widgets.tsx'
import { CodeArea, TemplateEditor } from './TemplateEditor.tsx'

interface Model {
  id: string
  name: string
  contentType: string
  description?: string
  schema?: string
}

const EMPTY_SCHEMA = '{\n  "$schema": "http://json-schema.org/draft-04/schema#",\n  "type": "object"\n}'

/** Models: create (CreateModel), edit the schema (UpdateModel `/schema`), delete. */
export function ModelsPanel({ call, apiId }: { call: Call; apiId: string }) {
  const base = `/restapis/${apiId}/models`
  const list = useLoad(() => call<{ item?: Model[] }>('GET', base, { query: { limit: '500' } }), [apiId])
  const remove = useAction()
  // a new key after each creation: the create form starts empty again
  const [round, setRound] = useState(0)
  return (
    <Panel title="Models">
      <ErrorText error={list.error ?? remove.error} />
      {(list.data?.item ?? []).map((m) => (
        <details key={m.id} className="item">
          <summary>
            {m.name} <small>{m.contentType}</small>
          </summary>
          <TemplateEditor label={`Schema of ${m.name}`} value={m.schema ?? ''} onSave={(value) => call('PATCH', `${base}/${m.name}`, { body: { patchOperations: [{ op: 'replace', path: '/schema', value }] } }).then(list.reload)} />
          <button type="button" className="danger" aria-label={`Delete model ${m.name}`} disabled={remove.busy} onClick={() => void remove.run(() => call('DELETE', `${base}/${m.name}`).then(list.reload))}>
            Delete model
          </button>
        </details>
      ))}
      <CreateModel key={round} call={call} base={base} created={() => (setRound(round + 1), list.reload())} />
    </Panel>
  )
}

function CreateModel({ call, base, created }: { call: Call; base: string; created: () => void }) {
  const [name, setName] = useState('')
  const [contentType, setContentType] = useState('application/json')
  const [schema, setSchema] = useState(EMPTY_SCHEMA)
  const create = useAction()
  return (
    <details>
      <summary>Create model</summary>
      <EditForm label="Create model" submit="Create model" busy={create.busy} error={create.error} onSubmit={() => void create.run(() => call('POST', base, { body: { name, contentType, schema } }).then(created))}>
        <TextInput label="Model name" value={name} onChange={setName} required />
        <TextInput label="Content type" value={contentType} onChange={setContentType} required />
        <div className="field template">
          <label htmlFor="new-model-schema">Model schema</label>
          <CodeArea id="new-model-schema" text={schema} onChange={setSchema} />
        </div>
      </EditForm>
    </details>
  )
}
