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
 * method responses, each editable, and Test. A panel is keyed by the part of GetMethod it shows,
 * so after a save only the panels whose data changed start over from the stored values.
 */
export function MethodView({ call, apiId, resource, httpMethod }: { call: Call; apiId: string; resource: Resource | undefined; httpMethod: string }) {
  const path = resource ? `/restapis/${apiId}/resources/${resource.id}/methods/${httpMethod}` : ''
  const method = useLoad(() => (path ? call<Method>('GET', path) : Promise.resolve(undefined)), [path])
  const [testing, setTesting] = useState(false)
  if (!resource) return null
  const m = method.data
  const integration = m?.methodIntegration
  const context = { call, apiId, path, reload: method.reload }
  const { integrationResponses, ...request } = integration ?? { integrationResponses: undefined }
  const { methodIntegration: _i, methodResponses, ...methodRequest } = m ?? { methodIntegration: undefined, methodResponses: undefined }
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
          <MethodRequestPanel key={JSON.stringify(methodRequest)} {...context} method={m} />
          <IntegrationRequestPanel key={JSON.stringify(request)} {...context} integration={integration} />
          {integration && <IntegrationResponsesPanel key={JSON.stringify(integrationResponses)} {...context} responses={integrationResponses} />}
          <MethodResponsesPanel key={JSON.stringify(methodResponses)} {...context} responses={methodResponses} />
        </div>
      )}
    </div>
  )
}
