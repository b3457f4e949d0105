import { useState } from 'react'
import { useAction } from '../hooks.ts'
import { changed, patch, type PatchOperation } from '../patch.ts'
import { EditForm, TextInput } from '../fields.tsx'
import { Panel } from '../widgets.tsx'
import { MapEditor } from './MapEditor.tsx'
import { TemplateMap } from './TemplateMap.tsx'
import type { IntegrationResponse, MethodContext } from './method-types.ts'

/** Integration responses: add (PutIntegrationResponse), edit the selection pattern, header mappings and templates, delete. */
export function IntegrationResponsesPanel(props: MethodContext & { responses: Record<string, IntegrationResponse> | undefined }) {
  const [status, setStatus] = useState('')
  const [pattern, setPattern] = useState('')
  const add = useAction()
  const base = `${props.path}/integration/responses`
  return (
    <Panel title="Integration responses">
      {Object.values(props.responses ?? {}).map((r) => (
        <OneResponse key={r.statusCode} {...props} response={r} />
      ))}
      <EditForm
        label="Add integration response"
        submit="Add integration response"
        busy={add.busy}
        error={add.error}
        onSubmit={() => void add.run(() => props.call('PUT', `${base}/${status}`, { body: { ...(pattern && { selectionPattern: pattern }) } }).then(props.reload)).then((ok) => ok && (setStatus(''), setPattern('')))}
      >
        <TextInput label="Method response status" value={status} onChange={setStatus} required placeholder="400" inputMode="numeric" />
        <TextInput label="Selection pattern" value={pattern} onChange={setPattern} placeholder=".*Invalid.*" />
      </EditForm>
    </Panel>
  )
}

function OneResponse({ call, path, reload, response: r }: MethodContext & { response: IntegrationResponse }) {
  const at = `${path}/integration/responses/${r.statusCode}`
  const send = (ops: PatchOperation[]) => patch(call, at, ops).then(reload)
  const [pattern, setPattern] = useState(r.selectionPattern ?? '')
  const save = useAction()
  const remove = useAction()
  return (
    <section className="response" aria-label={`Integration response ${r.statusCode}`}>
      <h3>
        {r.statusCode} {r.selectionPattern ? <code>/{r.selectionPattern}/</code> : '(default)'}
      </h3>
      <EditForm
        label={`Selection pattern of ${r.statusCode}`}
        submit="Save pattern"
        submitName={`Save selection pattern of ${r.statusCode}`}
        busy={save.busy}
        error={save.error ?? remove.error}
        onSubmit={() => void save.run(() => send(changed({ selectionPattern: r.selectionPattern }, { selectionPattern: pattern })))}
        extra={
          <button type="button" className="danger" aria-label={`Delete integration response ${r.statusCode}`} disabled={remove.busy} onClick={() => void remove.run(() => call('DELETE', at).then(reload))}>
            Delete response
          </button>
        }
      >
        <TextInput label="Selection pattern" value={pattern} onChange={setPattern} placeholder="(default: empty)" />
      </EditForm>
      <MapEditor title={`Header mappings (${r.statusCode})`} path="/responseParameters" entries={r.responseParameters} send={send} keyLabel="Response header" valueLabel="Mapping value" keyPlaceholder="method.response.header.X-Id" valuePlaceholder="integration.response.header.id" />
      <TemplateMap title={`Mapping templates (${r.statusCode})`} name={`Response template ${r.statusCode}`} path="/responseTemplates" templates={r.responseTemplates} send={send} />
    </section>
  )
}
