import { useState, type FormEvent } from 'react'
import type { Call } from '../api.ts'
import { useAction, useLoad } from '../hooks.ts'
import { ErrorText, Field, Panel } from '../widgets.tsx'
import type { HttpApi } from './HttpApiList.tsx'

interface Route {
  routeId: string
  routeKey: string
  target?: string
  authorizationType?: string
}
interface Integration {
  integrationId: string
  integrationType: string
  integrationUri?: string
  integrationMethod?: string
  payloadFormatVersion?: string
}
interface Stage {
  stageName: string
  autoDeploy?: boolean
  deploymentId?: string
  lastUpdatedDate?: string
  stageVariables?: Record<string, string>
}

const TABS = ['routes', 'integrations', 'stages'] as const

/** One HTTP API: its routes (with the integration each targets), integrations and stages; create a route, an integration or a stage. */
export function HttpApiView({ call, apiId, tab = 'routes' }: { call: Call; apiId: string; tab?: string }) {
  const base = `/v2/apis/${apiId}`
  const api = useLoad(() => call<HttpApi>('GET', base), [apiId])
  const routes = useLoad(() => call<{ items?: Route[] }>('GET', `${base}/routes`), [apiId])
  const integrations = useLoad(() => call<{ items?: Integration[] }>('GET', `${base}/integrations`), [apiId])
  const stages = useLoad(() => call<{ items?: Stage[] }>('GET', `${base}/stages`), [apiId])
  const byId = new Map((integrations.data?.items ?? []).map((i) => [i.integrationId, i]))
  return (
    <>
      <nav className="crumbs" aria-label="Breadcrumb">
        <a href="#/http-apis">HTTP APIs</a> › <span>{api.data?.name ?? apiId}</span>
      </nav>
      <ErrorText error={api.error} />
      {api.data?.apiEndpoint && (
        <p>
          Invoke URL: <code>{api.data.apiEndpoint}</code>
        </p>
      )}
      <div className="tabs" role="tablist" aria-label="HTTP API sections">
        {TABS.map((t) => (
          <a key={t} role="tab" aria-selected={tab === t} href={`#/http-apis/${apiId}/${t}`}>
            {t[0]!.toUpperCase() + t.slice(1)}
          </a>
        ))}
      </div>
      {tab === 'integrations' ? (
        <>
          <CreateIntegration call={call} base={base} onCreated={integrations.reload} />
          <ErrorText error={integrations.error} />
          <table className="list" aria-label="Integrations">
            <thead>
              <tr>
                <th scope="col">ID</th>
                <th scope="col">Type</th>
                <th scope="col">Method</th>
                <th scope="col">URI</th>
                <th scope="col">Payload format</th>
              </tr>
            </thead>
            <tbody>
              {(integrations.data?.items ?? []).map((i) => (
                <tr key={i.integrationId}>
                  <td>
                    <code>{i.integrationId}</code>
                  </td>
                  <td>{i.integrationType}</td>
                  <td>{i.integrationMethod}</td>
                  <td>
                    <code>{i.integrationUri}</code>
                  </td>
                  <td>{i.payloadFormatVersion}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : tab === 'stages' ? (
        <>
          <CreateStage call={call} base={base} onCreated={stages.reload} />
          <ErrorText error={stages.error} />
          <table className="list" aria-label="Stages">
            <thead>
              <tr>
                <th scope="col">Stage</th>
                <th scope="col">Auto-deploy</th>
                <th scope="col">Deployment</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {(stages.data?.items ?? []).map((s) => (
                <tr key={s.stageName}>
                  <td>{s.stageName}</td>
                  <td>{s.autoDeploy ? 'yes' : 'no'}</td>
                  <td>
                    <code>{s.deploymentId}</code>
                  </td>
                  <td>{s.lastUpdatedDate ? new Date(s.lastUpdatedDate).toLocaleString() : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <>
          <CreateRoute call={call} base={base} integrations={integrations.data?.items ?? []} onCreated={routes.reload} />
          <ErrorText error={routes.error} />
          <table className="list" aria-label="Routes">
            <thead>
              <tr>
                <th scope="col">Route</th>
                <th scope="col">Integration</th>
                <th scope="col">Authorization</th>
              </tr>
            </thead>
            <tbody>
              {(routes.data?.items ?? []).map((r) => {
                const integration = byId.get(r.target?.replace(/^integrations\//, '') ?? '')
                return (
                  <tr key={r.routeId}>
                    <td>
                      <code>{r.routeKey}</code>
                    </td>
                    <td>{integration ? `${integration.integrationType} ${integration.integrationUri ?? ''}` : (r.target ?? '(none)')}</td>
                    <td>{r.authorizationType ?? 'NONE'}</td>
                  </tr>
                )
              })}
              {routes.data?.items?.length === 0 && (
                <tr>
                  <td colSpan={3}>No routes yet.</td>
                </tr>
              )}
            </tbody>
          </table>
        </>
      )}
    </>
  )
}

function CreateRoute({ call, base, integrations, onCreated }: { call: Call; base: string; integrations: Integration[]; onCreated: () => void }) {
  const [routeKey, setRouteKey] = useState('')
  const [target, setTarget] = useState('')
  const action = useAction()
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (await action.run(() => call('POST', `${base}/routes`, { body: { routeKey, ...(target && { target: `integrations/${target}` }) } }))) {
      setRouteKey('')
      onCreated()
    }
  }
  return (
    <Panel title="Create route">
      <form onSubmit={submit} className="row">
        <Field label="Route key" value={routeKey} onChange={setRouteKey} placeholder="GET /pets/{id}" required error={action.error} />
        <div className="field">
          <label htmlFor="route-target">Integration target</label>
          <select id="route-target" value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="">(none)</option>
            {integrations.map((i) => (
              <option key={i.integrationId} value={i.integrationId}>
                {i.integrationType} {i.integrationUri}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={action.busy}>
          Create route
        </button>
      </form>
    </Panel>
  )
}

function CreateIntegration({ call, base, onCreated }: { call: Call; base: string; onCreated: () => void }) {
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
        <div className="field">
          <label htmlFor="integration-type">Integration type</label>
          <select id="integration-type" value={type} onChange={(e) => setType(e.target.value)}>
            <option value="HTTP_PROXY">HTTP_PROXY (HTTP URL)</option>
            <option value="AWS_PROXY">AWS_PROXY (Lambda function)</option>
          </select>
        </div>
        <Field label="Integration URI" value={uri} onChange={setUri} placeholder={type === 'HTTP_PROXY' ? 'https://example.com/{proxy}' : 'arn:aws:lambda:…'} required error={action.error} />
        <button type="submit" disabled={action.busy}>
          Create integration
        </button>
      </form>
    </Panel>
  )
}

function CreateStage({ call, base, onCreated }: { call: Call; base: string; onCreated: () => void }) {
  const [stageName, setStageName] = useState('$default')
  const action = useAction()
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (await action.run(() => call('POST', `${base}/stages`, { body: { stageName, autoDeploy: true } }))) onCreated()
  }
  return (
    <Panel title="Create stage">
      <form onSubmit={submit} className="row">
        <Field label="Stage name" value={stageName} onChange={setStageName} required error={action.error} />
        <button type="submit" disabled={action.busy}>
          Create auto-deployed stage
        </button>
      </form>
    </Panel>
  )
}
