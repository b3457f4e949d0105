import { useState } from 'react'
import { useAction } from '../hooks.ts'
import { patch, type PatchOperation } from '../patch.ts'
import { EditForm, TextInput } from '../fields.tsx'
import { ErrorText, Panel } from '../widgets.tsx'
import { MapEditor } from './MapEditor.tsx'
import type { MethodContext, MethodResponse } from './method-types.ts'

/** Method responses: add (PutMethodResponse), headers (required or not), models by content type, delete. */
export function MethodResponsesPanel(props: MethodContext & { responses: Record<string, MethodResponse> | undefined }) {
  const [status, setStatus] = useState('')
  const add = useAction()
  return (
    <Panel title="Method responses">
      {Object.values(props.responses ?? {}).map((r) => (
        <OneResponse key={r.statusCode} {...props} response={r} />
      ))}
      <EditForm label="Add method response" submit="Add method response" busy={add.busy} error={add.error} onSubmit={() => void add.run(() => props.call('PUT', `${props.path}/responses/${status}`, { body: {} }).then(props.reload)).then((ok) => ok && setStatus(''))}>
        <TextInput label="HTTP status" value={status} onChange={setStatus} required placeholder="400" inputMode="numeric" />
      </EditForm>
    </Panel>
  )
}

function OneResponse({ call, path, reload, response: r }: MethodContext & { response: MethodResponse }) {
  const at = `${path}/responses/${r.statusCode}`
  const send = (ops: PatchOperation[]) => patch(call, at, ops).then(reload)
  const remove = useAction()
  return (
    <section className="response" aria-label={`Method response ${r.statusCode}`}>
      <h3>{r.statusCode}</h3>
      <MapEditor title={`Response headers (${r.statusCode})`} path="/responseParameters" entries={r.responseParameters} send={send} keyLabel="Header" keyPlaceholder="method.response.header.X-Id" flag />
      <MapEditor title={`Response models (${r.statusCode})`} path="/responseModels" entries={r.responseModels} send={send} keyLabel="Content type" valueLabel="Model" keyPlaceholder="application/json" />
      <button type="button" className="danger" aria-label={`Delete method response ${r.statusCode}`} disabled={remove.busy} onClick={() => void remove.run(() => call('DELETE', at).then(reload))}>
        Delete response
      </button>
      <ErrorText error={remove.error} />
    </section>
  )
}
