import type { Call } from '../api.ts'
import { useLoad } from '../hooks.ts'
import { ErrorText, Panel } from '../widgets.tsx'
import { TemplateEditor } from './TemplateEditor.tsx'
import { AuthorizersPanel } from './AuthorizersPanel.tsx'
import { ModelsPanel } from './ModelsPanel.tsx'
import { ValidatorsPanel } from './ValidatorsPanel.tsx'
import { GatewayResponsesPanel } from './GatewayResponsesPanel.tsx'

/** The API's other definitions: authorizers, models, request validators, gateway responses, and the resource policy editor. */
export function DefinitionsView({ call, apiId }: { call: Call; apiId: string }) {
  const base = `/restapis/${apiId}`
  const api = useLoad(() => call<{ policy?: string }>('GET', base), [apiId])
  return (
    <div className="execution">
      <AuthorizersPanel call={call} apiId={apiId} />
      <ModelsPanel call={call} apiId={apiId} />
      <ValidatorsPanel call={call} apiId={apiId} />
      <GatewayResponsesPanel call={call} apiId={apiId} />
      <Panel title="Resource policy">
        <ErrorText error={api.error} />
        {api.data && (
          <TemplateEditor
            label="Resource policy"
            value={api.data.policy ? pretty(api.data.policy) : ''}
            onSave={(value) => call('PATCH', base, { body: { patchOperations: [{ op: 'replace', path: '/policy', value }] } }).then(api.reload)}
          />
        )}
      </Panel>
    </div>
  )
}

function pretty(policy: string): string {
  try {
    return JSON.stringify(JSON.parse(policy), null, 2)
  } catch {
    return policy
  }
}
