import { useState } from 'react'
import type { Call } from '../api.ts'
import { useAction, useLoad } from '../hooks.ts'
import { ErrorText, Panel } from '../widgets.tsx'
import type { Resource } from './ResourceTree.tsx'
import { TestPanel } from './TestPanel.tsx'
import { TemplateEditor } from './TemplateEditor.tsx'

interface IntegrationResponse {
  statusCode: string
  selectionPattern?: string
  responseTemplates?: Record<string, string | null>
  responseParameters?: Record<string, string>
}
interface Method {
  httpMethod: string
  authorizationType?: string
  apiKeyRequired?: boolean
  requestValidatorId?: string
  requestParameters?: Record<string, boolean>
  requestModels?: Record<string, string>
  methodResponses?: Record<string, { statusCode: string; responseParameters?: Record<string, boolean>; responseModels?: Record<string, string> }>
  methodIntegration?: {
    type: string
    httpMethod?: string
    uri?: string
    passthroughBehavior?: string
    requestTemplates?: Record<string, string | null>
    integrationResponses?: Record<string, IntegrationResponse>
  }
}

/** The method execution view: method request → integration request → integration responses → method responses, and Test. */
export function MethodView({ call, apiId, resource, httpMethod }: { call: Call; apiId: string; resource: Resource | undefined; httpMethod: string }) {
  const path = resource ? `/restapis/${apiId}/resources/${resource.id}/methods/${httpMethod}` : ''
  const method = useLoad(() => (path ? call<Method>('GET', path) : Promise.resolve(undefined)), [path])
  const [testing, setTesting] = useState(false)
  const toggle = useAction()
  // shown at once; back to the stored value if the update fails
  const [keyRequired, setKeyRequired] = useState<boolean>()
  if (!resource) return null
  const m = method.data
  const integration = m?.methodIntegration
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
          <Panel title="Method request">
            <dl>
              <dt>Authorization</dt>
              <dd>{m.authorizationType ?? 'NONE'}</dd>
              <dt>
                <label htmlFor="api-key-required">API key required</label>
              </dt>
              <dd>
                <input
                  id="api-key-required"
                  type="checkbox"
                  checked={keyRequired ?? m.apiKeyRequired ?? false}
                  disabled={toggle.busy}
                  onChange={(e) => {
                    const value = e.target.checked
                    setKeyRequired(value)
                    void toggle
                      .run(() => call('PATCH', path, { body: { patchOperations: [{ op: 'replace', path: '/apiKeyRequired', value: String(value) }] } }))
                      .then((ok) => (ok ? method.reload() : setKeyRequired(undefined)))
                  }}
                />
                <ErrorText error={toggle.error} />
              </dd>
              <dt>Request validator</dt>
              <dd>{m.requestValidatorId ?? 'NONE'}</dd>
              <dt>Request parameters</dt>
              <dd>{Object.entries(m.requestParameters ?? {}).map(([k, required]) => `${k}${required ? ' (required)' : ''}`).join(', ') || '—'}</dd>
              <dt>Request models</dt>
              <dd>{Object.entries(m.requestModels ?? {}).map(([k, v]) => `${k}: ${v}`).join(', ') || '—'}</dd>
            </dl>
          </Panel>
          <Panel title="Integration request">
            {integration ? (
              <>
                <dl>
                  <dt>Type</dt>
                  <dd>{integration.type}</dd>
                  {integration.uri && (
                    <>
                      <dt>URI</dt>
                      <dd>
                        <code>
                          {integration.httpMethod} {integration.uri}
                        </code>
                      </dd>
                    </>
                  )}
                  <dt>Passthrough</dt>
                  <dd>{integration.passthroughBehavior}</dd>
                </dl>
                {Object.entries(integration.requestTemplates ?? {}).map(([type, template]) => (
                  <TemplateEditor
                    key={type}
                    label={`Request template ${type}`}
                    value={template ?? ''}
                    onSave={(value) => call('PATCH', `${path}/integration`, { body: { patchOperations: [{ op: 'replace', path: `/requestTemplates/${type.replace('/', '~1')}`, value }] } }).then(method.reload)}
                  />
                ))}
              </>
            ) : (
              <p>No integration.</p>
            )}
          </Panel>
          <Panel title="Integration responses">
            {Object.values(integration?.integrationResponses ?? {}).map((r) => (
              <div key={r.statusCode} className="response">
                <h3>
                  {r.statusCode} {r.selectionPattern ? <code>/{r.selectionPattern}/</code> : '(default)'}
                </h3>
                {Object.entries(r.responseTemplates ?? {}).map(([type, template]) => (
                  <TemplateEditor
                    key={type}
                    label={`Response template ${r.statusCode} ${type}`}
                    value={template ?? ''}
                    onSave={(value) =>
                      call('PATCH', `${path}/integration/responses/${r.statusCode}`, {
                        body: { patchOperations: [{ op: 'replace', path: `/responseTemplates/${type.replace('/', '~1')}`, value }] },
                      }).then(method.reload)
                    }
                  />
                ))}
                <AddTemplate label={`Add response template to ${r.statusCode}`} onAdd={(type) => call('PATCH', `${path}/integration/responses/${r.statusCode}`, { body: { patchOperations: [{ op: 'add', path: `/responseTemplates/${type.replace('/', '~1')}`, value: '' }] } }).then(method.reload)} />
              </div>
            ))}
          </Panel>
          <Panel title="Method responses">
            <ul>
              {Object.values(m.methodResponses ?? {}).map((r) => (
                <li key={r.statusCode}>
                  <strong>{r.statusCode}</strong> headers: {Object.keys(r.responseParameters ?? {}).map((h) => h.replace('method.response.header.', '')).join(', ') || '—'}; models:{' '}
                  {Object.entries(r.responseModels ?? {}).map(([k, v]) => `${k}: ${v}`).join(', ') || '—'}
                </li>
              ))}
            </ul>
          </Panel>
        </div>
      )}
    </div>
  )
}

function AddTemplate({ label, onAdd }: { label: string; onAdd: (type: string) => Promise<unknown> }) {
  const [type, setType] = useState('application/json')
  const action = useAction()
  return (
    <form className="row" onSubmit={(e) => (e.preventDefault(), void action.run(() => onAdd(type)))}>
      <label className="sr" htmlFor={`add-${label}`}>
        Content type
      </label>
      <input id={`add-${label}`} value={type} onChange={(e) => setType(e.target.value)} />
      <button type="submit" disabled={action.busy}>
        {label}
      </button>
      <ErrorText error={action.error} />
    </form>
  )
}
