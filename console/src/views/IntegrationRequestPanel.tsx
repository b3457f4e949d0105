import { useState } from 'react'
import { useAction } from '../hooks.ts'
import { changed, patch, type PatchOperation } from '../patch.ts'
import { EditForm, Select, TextInput } from '../fields.tsx'
import { Panel } from '../widgets.tsx'
import { MapEditor } from './MapEditor.tsx'
import { TemplateMap } from './TemplateMap.tsx'
import { IntegrationAdvancedForm } from './IntegrationAdvancedForm.tsx'
import { HTTP_METHODS, type Integration, type MethodContext } from './method-types.ts'

const TYPES = ['MOCK', 'HTTP', 'HTTP_PROXY', 'AWS', 'AWS_PROXY']
const PASSTHROUGH = ['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER']

/**
 * Integration request: type, HTTP method, URI and passthrough behaviour (UpdateIntegration, or
 * PutIntegration when the method has none yet), the advanced settings, request parameters and
 * request templates.
 */
export function IntegrationRequestPanel({ call, apiId, path, reload, integration }: MethodContext & { integration: Integration | undefined }) {
  const [type, setType] = useState(integration?.type ?? 'MOCK')
  const [httpMethod, setHttpMethod] = useState(integration?.httpMethod ?? 'GET')
  const [uri, setUri] = useState(integration?.uri ?? '')
  const [passthrough, setPassthrough] = useState(integration?.passthroughBehavior ?? 'WHEN_NO_MATCH')
  const save = useAction()
  const at = `${path}/integration`
  const send = (ops: PatchOperation[]) => patch(call, at, ops).then(reload)
  const http = type !== 'MOCK'
  const submit = () =>
    save.run(async () => {
      if (!integration) {
        await call('PUT', at, { body: { type, passthroughBehavior: passthrough, ...(http && { httpMethod, uri }) } })
        return reload()
      }
      // the type first: AWS checks the URI and method against the new type
      await send(changed({ type: integration.type, httpMethod: integration.httpMethod, uri: integration.uri, passthroughBehavior: integration.passthroughBehavior ?? 'WHEN_NO_MATCH' }, { type, ...(http && { httpMethod, uri }), passthroughBehavior: passthrough }))
    })
  return (
    <Panel title="Integration request">
      <EditForm label="Integration settings" submit={integration ? 'Save integration request' : 'Set up integration'} busy={save.busy} error={save.error} onSubmit={() => void submit()}>
        <Select label="Integration type" value={type} onChange={setType} options={TYPES} />
        {http && <Select label="Integration HTTP method" value={httpMethod} onChange={setHttpMethod} options={HTTP_METHODS} />}
        {http && <TextInput label="Endpoint URI" value={uri} onChange={setUri} placeholder="https://example.com/{id}" />}
        <Select label="Request body passthrough" value={passthrough} onChange={setPassthrough} options={PASSTHROUGH} />
      </EditForm>
      {integration && (
        <>
          {integration.type !== 'MOCK' && <IntegrationAdvancedForm call={call} apiId={apiId} path={path} reload={reload} integration={integration} />}
          <MapEditor
            title="Integration request parameters"
            path="/requestParameters"
            entries={integration.requestParameters}
            send={send}
            keyLabel="Integration parameter"
            valueLabel="Mapped from"
            keyPlaceholder="integration.request.header.x-id"
            valuePlaceholder="method.request.path.id"
          />
          <TemplateMap title="Request templates" name="Request template" path="/requestTemplates" templates={integration.requestTemplates} send={send} />
        </>
      )}
    </Panel>
  )
}
