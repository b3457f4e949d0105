import { useState, type FormEvent } from 'react'
import { useAction } from '../../hooks.ts'
import { EditForm, Select, TextInput } from '../../fields.tsx'
import { code, ListTable } from '../../table.tsx'
import { ErrorText, Field, Panel } from '../../widgets.tsx'
import { ItemPanel } from './ItemPanel.tsx'
import type { HttpApiContext, HttpIntegration } from './http-types.ts'

interface Loaded {
  integrations: { data: { items?: HttpIntegration[] } | undefined; error: string | undefined; reload: () => void }
}

/** The Integrations tab: the integration chosen (UpdateIntegration, DeleteIntegration), CreateIntegration, and the list. */
export function IntegrationsTab({ call, apiId, base, item, integrations }: HttpApiContext & Loaded) {
  const chosen = integrations.data?.items?.find((i) => i.integrationId === item)
  return (
    <>
      {chosen && <IntegrationView key={JSON.stringify(chosen)} call={call} path={`${base}/integrations/${chosen.integrationId}`} integration={chosen} reload={integrations.reload} back={`#/http-apis/${apiId}/integrations`} />}
      <CreateIntegration call={call} base={base} onCreated={integrations.reload} />
      <ErrorText error={integrations.error} />
      <ListTable
        label="Integrations"
        rows={integrations.data?.items}
        rowKey={(i) => i.integrationId}
        empty="No integrations yet."
        columns={[
          { header: 'ID', cell: (i) => <a href={`#/http-apis/${apiId}/integrations/${i.integrationId}`}>{code(i.integrationId)}</a> },
          { header: 'Type', cell: (i) => i.integrationType },
          { header: 'Method', cell: (i) => i.integrationMethod },
          { header: 'URI', cell: (i) => code(i.integrationUri) },
          { header: 'Payload format', cell: (i) => i.payloadFormatVersion },
          { header: 'Timeout (ms)', cell: (i) => i.timeoutInMillis },
        ]}
      />
    </>
  )
}

const METHODS = ['ANY', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']

/** One integration: its URI, method, payload format, timeout and description (UpdateIntegration), and Delete. The type stays as created, as in AWS's console. */
function IntegrationView({ call, path, integration: i, reload, back }: { call: HttpApiContext['call']; path: string; integration: HttpIntegration; reload: () => void; back: string }) {
  const [uri, setUri] = useState(i.integrationUri ?? '')
  const [method, setMethod] = useState(i.integrationMethod ?? 'ANY')
  const [format, setFormat] = useState(i.payloadFormatVersion ?? '1.0')
  const [timeout, setTimeoutMs] = useState(String(i.timeoutInMillis ?? 30000))
  const [description, setDescription] = useState(i.description ?? '')
  const save = useAction()
  const http = i.integrationType === 'HTTP_PROXY'
  const body = { integrationUri: uri, payloadFormatVersion: format, timeoutInMillis: Number(timeout), description, ...(http && { integrationMethod: method }) }
  return (
    <ItemPanel call={call} path={path} title={`Integration ${i.integrationId}`} name={`integration ${i.integrationId}`} back={back} reload={reload}>
      <EditForm label="Integration details" submit="Save integration" busy={save.busy} error={save.error} onSubmit={() => void save.run(() => call('PATCH', path, { body }).then(reload))}>
        <p>
          Type <strong>{i.integrationType}</strong>
        </p>
        <TextInput label="Integration URI" value={uri} onChange={setUri} required />
        {http && <Select label="Integration method" value={method} onChange={setMethod} options={METHODS} />}
        <Select label="Payload format version" value={format} onChange={setFormat} options={['1.0', '2.0']} />
        <TextInput label="Timeout (milliseconds)" value={timeout} onChange={setTimeoutMs} inputMode="numeric" />
        <TextInput label="Description" value={description} onChange={setDescription} />
      </EditForm>
    </ItemPanel>
  )
}

function CreateIntegration({ call, base, onCreated }: { call: HttpApiContext['call']; base: string; onCreated: () => void }) {
  const [type, setType] = useState('HTTP_PROXY')
  const [uri, setUri] = useState('')
  const action = useAction()
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const body = type === 'HTTP_PROXY' ? { integrationType: type, integrationUri: uri, integrationMethod: 'ANY', payloadFormatVersion: '1.0' } : { integrationType: type, integrationUri: uri, payloadFormatVersion: '2.0' }
    if (await action.run(() => call('POST', `${base}/integrations`, { body }))) {
      setUri('')
      onCreated()
    }
  }
  return (
    <Panel title="Create integration">
      <form onSubmit={submit} className="row">
        <Select label="Integration type" value={type} onChange={setType} options={[['HTTP_PROXY', 'HTTP_PROXY (HTTP URL)'], ['AWS_PROXY', 'AWS_PROXY (Lambda function)']]} />
        <Field label="Integration URI" value={uri} onChange={setUri} placeholder={type === 'HTTP_PROXY' ? 'https://example.com/{proxy}' : 'arn:aws:lambda:…'} required error={action.error} />
        <button type="submit" disabled={action.busy}>
          Create integration
        </button>
      </form>
    </Panel>
  )
}
