import type { Call } from '../../api.ts'
import { useLoad } from '../../hooks.ts'
import { ErrorText } from '../../widgets.tsx'
import type { HttpApi, HttpApiContext, HttpAuthorizer, HttpIntegration } from './http-types.ts'
import { RoutesTab } from './RoutesTab.tsx'
import { IntegrationsTab } from './IntegrationsTab.tsx'
import { AuthorizersTab } from './AuthorizersTab.tsx'
import { CorsTab } from './CorsTab.tsx'
import { StagesTab } from './StagesTab.tsx'

const TABS = [
  ['routes', 'Routes'],
  ['integrations', 'Integrations'],
  ['authorizers', 'Authorization'],
  ['cors', 'CORS'],
  ['stages', 'Stages'],
] as const

/**
 * One HTTP API, laid out as AWS's console lays it out: Routes, Integrations, Authorization,
 * CORS and Stages, each a list with its create form, and the item chosen in the list
 * (`#/http-apis/{apiId}/{tab}/{id}`) opened above it for editing and deletion.
 */
export function HttpApiView({ call, apiId, tab = 'routes', item }: { call: Call; apiId: string; tab?: string; item?: string }) {
  const base = `/v2/apis/${apiId}`
  const api = useLoad(() => call<HttpApi>('GET', base), [apiId])
  const integrations = useLoad(() => call<{ items?: HttpIntegration[] }>('GET', `${base}/integrations`), [apiId])
  const authorizers = useLoad(() => call<{ items?: HttpAuthorizer[] }>('GET', `${base}/authorizers`), [apiId])
  const context: HttpApiContext = { call, apiId, base, item }
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
        {TABS.map(([t, text]) => (
          <a key={t} role="tab" aria-selected={tab === t} href={`#/http-apis/${apiId}/${t}`}>
            {text}
          </a>
        ))}
      </div>
      {tab === 'integrations' ? (
        <IntegrationsTab {...context} integrations={integrations} />
      ) : tab === 'authorizers' ? (
        <AuthorizersTab {...context} authorizers={authorizers} />
      ) : tab === 'cors' ? (
        api.data && <CorsTab key={JSON.stringify(api.data.corsConfiguration ?? null)} {...context} api={api.data} reload={api.reload} />
      ) : tab === 'stages' ? (
        <StagesTab {...context} />
      ) : (
        <RoutesTab {...context} integrations={integrations.data?.items ?? []} authorizers={authorizers.data?.items ?? []} />
      )}
    </>
  )
}
