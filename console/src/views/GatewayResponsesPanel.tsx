import { useState } from 'react'
import type { Call } from '../api.ts'
import { useAction, useLoad } from '../hooks.ts'
import { changed, patch, type PatchOperation } from '../patch.ts'
import { EditForm, Select, TextInput } from '../fields.tsx'
import { ErrorText, Panel } from '../widgets.tsx'
import { MapEditor } from './MapEditor.tsx'
import { TemplateMap } from './TemplateMap.tsx'

interface GatewayResponse {
  responseType: string
  statusCode?: string
  defaultResponse?: boolean
  responseParameters?: Record<string, string>
  responseTemplates?: Record<string, string>
}

// UpdateGatewayResponse refuses an empty template (`Invalid null or empty value in responseTemplates`)
const BLANK_TEMPLATE = '{"message":$context.error.messageString}'

/** Gateway responses: customise one (PutGatewayResponse), edit status, headers and templates, reset to AWS's default (Delete). */
export function GatewayResponsesPanel({ call, apiId }: { call: Call; apiId: string }) {
  const base = `/restapis/${apiId}/gatewayresponses`
  const list = useLoad(() => call<{ item?: GatewayResponse[] }>('GET', base, { query: { limit: '500' } }), [apiId])
  const all = list.data?.item ?? []
  const defaults = all.filter((r) => r.defaultResponse !== false).map((r) => r.responseType)
  const [type, setType] = useState('')
  const [status, setStatus] = useState('')
  const create = useAction()
  const chosen = type || defaults[0] || ''
  return (
    <Panel title="Gateway responses">
      <ErrorText error={list.error} />
      {all
        .filter((r) => r.defaultResponse === false)
        .map((r) => (
          <OneResponse key={r.responseType} call={call} path={`${base}/${r.responseType}`} response={r} reload={list.reload} />
        ))}
      <p className="hint">Only the customised ones; the others answer AWS's defaults.</p>
      <EditForm
        label="Customise gateway response"
        submit="Customise"
        busy={create.busy}
        error={create.error}
        onSubmit={() => void create.run(() => call('PUT', `${base}/${chosen}`, { body: { ...(status && { statusCode: status }) } }).then(list.reload))}
      >
        <Select label="Response type" value={chosen} onChange={setType} options={defaults} />
        <TextInput label="Status code" value={status} onChange={setStatus} placeholder="(default)" inputMode="numeric" />
      </EditForm>
    </Panel>
  )
}

function OneResponse({ call, path, response: r, reload }: { call: Call; path: string; response: GatewayResponse; reload: () => void }) {
  const [status, setStatus] = useState(r.statusCode ?? '')
  const save = useAction()
  const remove = useAction()
  const send = (ops: PatchOperation[]) => patch(call, path, ops).then(reload)
  return (
    <details className="item">
      <summary>
        {r.responseType} → {r.statusCode ?? '(default status)'}
      </summary>
      <EditForm
        label={`Gateway response ${r.responseType}`}
        submit="Save"
        submitName={`Save ${r.responseType}`}
        busy={save.busy}
        error={save.error ?? remove.error}
        onSubmit={() => void save.run(() => send(changed({ statusCode: r.statusCode }, { statusCode: status })))}
        extra={
          <button type="button" className="danger" aria-label={`Reset ${r.responseType} to default`} disabled={remove.busy} onClick={() => void remove.run(() => call('DELETE', path).then(reload))}>
            Reset to default
          </button>
        }
      >
        <TextInput label="Status code" value={status} onChange={setStatus} inputMode="numeric" />
      </EditForm>
      <MapEditor title={`Response headers of ${r.responseType}`} path="/responseParameters" entries={r.responseParameters} send={send} keyLabel="Header" valueLabel="Value" keyPlaceholder="gatewayresponse.header.Access-Control-Allow-Origin" valuePlaceholder="'*'" />
      <TemplateMap title={`Response templates of ${r.responseType}`} name={`Template of ${r.responseType}`} path="/responseTemplates" templates={r.responseTemplates} send={send} blank={BLANK_TEMPLATE} />
    </details>
  )
}
