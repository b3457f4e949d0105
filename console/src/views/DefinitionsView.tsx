import type { Call } from '../api.ts'
import { useLoad } from '../hooks.ts'
import { ErrorText, Panel } from '../widgets.tsx'
import { TemplateEditor } from './TemplateEditor.tsx'
import { AuthorizerTest } from './AuthorizerTest.tsx'

interface Named {
  id?: string
  name?: string
}

/** The API's other definitions: authorizers, models, request validators, gateway responses, and the resource policy editor. */
export function DefinitionsView({ call, apiId }: { call: Call; apiId: string }) {
  const base = `/restapis/${apiId}`
  const api = useLoad(() => call<{ policy?: string }>('GET', base), [apiId])
  const authorizers = useLoad(() => call<{ item?: Array<Named & { type: string; identitySource?: string; authorizerUri?: string }> }>('GET', `${base}/authorizers`, { query: { limit: '500' } }), [apiId])
  const models = useLoad(() => call<{ item?: Array<Named & { contentType: string; schema?: string }> }>('GET', `${base}/models`, { query: { limit: '500' } }), [apiId])
  const validators = useLoad(() => call<{ item?: Array<Named & { validateRequestBody?: boolean; validateRequestParameters?: boolean }> }>('GET', `${base}/requestvalidators`, { query: { limit: '500' } }), [apiId])
  const responses = useLoad(() => call<{ item?: Array<{ responseType: string; statusCode?: string; defaultResponse?: boolean }> }>('GET', `${base}/gatewayresponses`, { query: { limit: '500' } }), [apiId])
  return (
    <div className="execution">
      <Panel title="Authorizers">
        <ErrorText error={authorizers.error} />
        <ul>
          {(authorizers.data?.item ?? []).map((a) => (
            <li key={a.id}>
              <strong>{a.name}</strong> {a.type} {a.identitySource && <code>{a.identitySource}</code>}
              <AuthorizerTest call={call} apiId={apiId} authorizer={a} />
            </li>
          ))}
          {authorizers.data?.item?.length === 0 && <li>None.</li>}
        </ul>
      </Panel>
      <Panel title="Models">
        <ErrorText error={models.error} />
        {(models.data?.item ?? []).map((m) => (
          <details key={m.id}>
            <summary>
              {m.name} <small>{m.contentType}</small>
            </summary>
            <pre className="code">{m.schema}</pre>
          </details>
        ))}
      </Panel>
      <Panel title="Request validators">
        <ErrorText error={validators.error} />
        <ul>
          {(validators.data?.item ?? []).map((v) => (
            <li key={v.id}>
              <strong>{v.name}</strong> <code>{v.id}</code>: body {String(v.validateRequestBody ?? false)}, parameters {String(v.validateRequestParameters ?? false)}
            </li>
          ))}
        </ul>
      </Panel>
      <Panel title="Gateway responses">
        <ErrorText error={responses.error} />
        <ul className="compact">
          {(responses.data?.item ?? [])
            .filter((r) => r.defaultResponse === false)
            .map((r) => (
              <li key={r.responseType}>
                {r.responseType} → {r.statusCode ?? '(default status)'}
              </li>
            ))}
        </ul>
        <p className="hint">Only the customised ones; the others answer AWS's defaults.</p>
      </Panel>
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
