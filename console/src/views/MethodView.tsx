import { useState } from 'react'
import type { Call } from '../api.ts'
import { useLoad } from '../hooks.ts'
import { ErrorText } from '../widgets.tsx'
import type { Resource } from './ResourceTree.tsx'
import { TestPanel } from './TestPanel.tsx'
import type { Method } from './method-types.ts'
import { MethodRequestPanel } from './MethodRequestPanel.tsx'
import { IntegrationRequestPanel } from './IntegrationRequestPanel.tsx'
import { IntegrationResponsesPanel } from './IntegrationResponsesPanel.tsx'
import { MethodResponsesPanel } from './MethodResponsesPanel.tsx'

/**
 * The method execution view: method request → integration request → integration responses →
 * method responses, each editable, and Test. The panels stay mounted across reloads: a form keeps
 * what was typed (after a save, what is stored), and nothing a user is typing elsewhere is lost.
 */
export function MethodView({ call, apiId, resource, httpMethod }: { call: Call; apiId: string; resource: Resource | undefined; httpMethod: string }) {
  const path = resource ? `/restapis/${apiId}/resources/${resource.id}/methods/${httpMethod}` : ''
  const method = useLoad(() => (path ? call<Method>('GET', path) : Promise.resolve(undefined)), [path])
  const [testing, setTesting] = useState(false)
  if (!resource) return null
  const m = method.data
  const integration = m?.methodIntegration
  const context = { call, apiId, path, reload: method.reload }
  return (
    <div className="method-view">
      <h1>
        <span className={`method m-${httpMethod}`}>{httpMethod}</span> {resource.path}
      </h1>
      <ErrorText error={method.error} />
      <button type="button" onClick={() => setTesting(!testing)} aria-expanded={testing}>
        {testing ? 'Close test' : 'Test'}
      </button>
      {testing && <TestPanel call={call} path={path} resourcePath={resource.path} />}
      {m && (
        <div className="execution">
          <MethodRequestPanel {...context} method={m} />
          <IntegrationRequestPanel {...context} integration={integration} />
          {integration && <IntegrationResponsesPanel {...context} responses={integration.integrationResponses} />}
          <MethodResponsesPanel {...context} responses={m.methodResponses} />
        </div>
      )}
    </div>
  )
}
