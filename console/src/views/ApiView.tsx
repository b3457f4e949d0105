import { useState } from 'react'
import type { Call } from '../api.ts'
import { useLoad } from '../hooks.ts'
import { ErrorText } from '../widgets.tsx'
import { ResourceTree, type Resource } from './ResourceTree.tsx'
import { MethodView } from './MethodView.tsx'
import { DeployDialog } from './DeployDialog.tsx'
import { StagesView } from './StagesView.tsx'
import { ExportPanel } from './ExportPanel.tsx'
import { DefinitionsView } from './DefinitionsView.tsx'

/** One REST API: Resources (tree + method execution), Stages, Definitions (authorizers, models, validators, gateway responses, policy), Export; Deploy from anywhere. */
export function ApiView({ call, apiId, route }: { call: Call; apiId: string; route: string[] }) {
  const api = useLoad(() => call<{ name: string }>('GET', `/restapis/${apiId}`), [apiId])
  const resources = useLoad(() => call<{ item?: Resource[] }>('GET', `/restapis/${apiId}/resources`, { query: { embed: 'methods', limit: '500' } }), [apiId])
  const [deploying, setDeploying] = useState(false)
  const [tab, resourceId, httpMethod] = route
  const base = `#/apis/${apiId}`
  return (
    <>
      <nav className="crumbs" aria-label="Breadcrumb">
        <a href="#/apis">REST APIs</a> › <span>{api.data?.name ?? apiId}</span>
      </nav>
      <ErrorText error={api.error ?? resources.error} />
      <div className="tabs" role="tablist" aria-label="API sections">
        {(['resources', 'stages', 'definitions', 'export'] as const).map((t) => (
          <a key={t} role="tab" aria-selected={(tab ?? 'resources') === t} href={`${base}/${t}`}>
            {t[0]!.toUpperCase() + t.slice(1)}
          </a>
        ))}
        <button type="button" onClick={() => setDeploying(true)}>
          Deploy API
        </button>
      </div>
      {deploying && <DeployDialog call={call} apiId={apiId} onClose={() => setDeploying(false)} />}
      {tab === 'stages' ? (
        <StagesView call={call} apiId={apiId} selected={resourceId} />
      ) : tab === 'definitions' ? (
        <DefinitionsView call={call} apiId={apiId} />
      ) : tab === 'export' ? (
        <ExportPanel call={call} apiId={apiId} />
      ) : (
        <div className="split">
          <ResourceTree resources={resources.data?.item ?? []} base={`${base}/resources`} selected={resourceId} method={httpMethod} />
          {resourceId && httpMethod ? (
            <MethodView key={`${resourceId} ${httpMethod}`} call={call} apiId={apiId} resource={resources.data?.item?.find((r) => r.id === resourceId)} httpMethod={httpMethod} />
          ) : (
            <p className="hint">Choose a method in the resource tree.</p>
          )}
        </div>
      )}
    </>
  )
}
