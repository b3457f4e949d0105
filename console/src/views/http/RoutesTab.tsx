import { useState, type FormEvent } from 'react'
import { useAction, useLoad } from '../../hooks.ts'
import { EditForm, Select, TextInput } from '../../fields.tsx'
import { code, ListTable } from '../../table.tsx'
import { ErrorText, Field, Panel } from '../../widgets.tsx'
import { ItemPanel } from './ItemPanel.tsx'
import { list, type HttpApiContext, type HttpAuthorizer, type HttpIntegration, type HttpRoute } from './http-types.ts'

interface Parts {
  integrations: HttpIntegration[]
  authorizers: HttpAuthorizer[]
}

/** The integration choices of a route's target: `integrations/{id}` → "HTTP_PROXY https://…", and (none). */
const targets = (integrations: HttpIntegration[]) => [['', '(none)'] as const, ...integrations.map((i) => [`integrations/${i.integrationId}`, `${i.integrationType} ${i.integrationUri ?? ''}`] as const)]

/** `integrations/abc` → "HTTP_PROXY https://…" (or the target as it is when the integration is gone). */
const targetText = (route: HttpRoute, integrations: HttpIntegration[]): string => targets(integrations).find(([value]) => value === (route.target ?? ''))?.[1] ?? route.target ?? '(none)'

function authorizationText(route: HttpRoute, authorizers: HttpAuthorizer[]): string {
  const authorizer = authorizers.find((a) => a.authorizerId === route.authorizerId)
  return authorizer ? `${route.authorizationType} ${authorizer.name}` : (route.authorizationType ?? 'NONE')
}

/** The Routes tab: the route chosen (its details and authorization, UpdateRoute; DeleteRoute), CreateRoute, and the routes with their integrations. */
export function RoutesTab({ call, apiId, base, item, integrations, authorizers }: HttpApiContext & Parts) {
  const routes = useLoad(() => call<{ items?: HttpRoute[] }>('GET', `${base}/routes`), [apiId])
  const chosen = routes.data?.items?.find((r) => r.routeId === item)
  return (
    <>
      {chosen && <RouteView key={JSON.stringify(chosen)} call={call} path={`${base}/routes/${chosen.routeId}`} route={chosen} integrations={integrations} authorizers={authorizers} reload={routes.reload} back={`#/http-apis/${apiId}/routes`} />}
      <CreateRoute call={call} base={base} integrations={integrations} onCreated={routes.reload} />
      <ErrorText error={routes.error} />
      <ListTable
        label="Routes"
        rows={routes.data?.items}
        rowKey={(r) => r.routeId}
        empty="No routes yet."
        columns={[
          { header: 'Route', cell: (r) => <a href={`#/http-apis/${apiId}/routes/${r.routeId}`} aria-current={r === chosen ? 'page' : undefined}>{code(r.routeKey)}</a> },
          { header: 'Integration', cell: (r) => targetText(r, integrations) },
          { header: 'Authorization', cell: (r) => authorizationText(r, authorizers) },
        ]}
      />
    </>
  )
}

/** The authorizer select's value: 'NONE', 'AWS_IAM', or an authorizer's id. */
function authorizationChoice(route: HttpRoute): string {
  return route.authorizerId ?? (route.authorizationType === 'AWS_IAM' ? 'AWS_IAM' : 'NONE')
}

/** One route, as AWS's console shows it: its key and integration, its authorization (an authorizer attached, with scopes for JWT), and Delete. */
function RouteView({ call, path, route, integrations, authorizers, reload, back }: Parts & { call: HttpApiContext['call']; path: string; route: HttpRoute; reload: () => void; back: string }) {
  const [routeKey, setRouteKey] = useState(route.routeKey)
  const [target, setTarget] = useState(route.target ?? '')
  const [choice, setChoice] = useState(authorizationChoice(route))
  const [scopes, setScopes] = useState((route.authorizationScopes ?? []).join(', '))
  const details = useAction()
  const auth = useAction()
  const authorizer = authorizers.find((a) => a.authorizerId === choice)
  const saveAuthorization = () => {
    const authorizationType = authorizer ? (authorizer.authorizerType === 'JWT' ? 'JWT' : 'CUSTOM') : choice
    const body = { authorizationType, authorizationScopes: authorizer?.authorizerType === 'JWT' ? list(scopes) : [], ...(authorizer && { authorizerId: authorizer.authorizerId }) }
    return auth.run(() => call('PATCH', path, { body }).then(reload))
  }
  return (
    <ItemPanel call={call} path={path} title={`Route ${route.routeKey}`} name={`route ${route.routeKey}`} back={back} reload={reload}>
      <p>
        Route ID {code(route.routeId)}
      </p>
      <EditForm label="Route details" submit="Save route" busy={details.busy} error={details.error} onSubmit={() => void details.run(() => call('PATCH', path, { body: { routeKey, target } }).then(reload))}>
        <TextInput label="Route key" value={routeKey} onChange={setRouteKey} required />
        <Select label="Integration target" value={target} onChange={setTarget} options={targets(integrations)} />
      </EditForm>
      <EditForm label="Route authorization" submit="Save authorization" busy={auth.busy} error={auth.error} onSubmit={() => void saveAuthorization()}>
        <Select label="Authorizer" value={choice} onChange={setChoice} options={[['NONE', 'None'], ['AWS_IAM', 'IAM (AWS_IAM)'], ...authorizers.map((a) => [a.authorizerId, `${a.name} (${a.authorizerType})`] as const)]} />
        {authorizer?.authorizerType === 'JWT' && <TextInput label="Authorization scopes (comma-separated)" value={scopes} onChange={setScopes} placeholder="read:pets, write:pets" />}
      </EditForm>
    </ItemPanel>
  )
}

function CreateRoute({ call, base, integrations, onCreated }: { call: HttpApiContext['call']; base: string; integrations: HttpIntegration[]; onCreated: () => void }) {
  const [routeKey, setRouteKey] = useState('')
  const [target, setTarget] = useState('')
  const action = useAction()
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (await action.run(() => call('POST', `${base}/routes`, { body: { routeKey, ...(target && { target }) } }))) {
      setRouteKey('')
      onCreated()
    }
  }
  return (
    <Panel title="Create route">
      <form onSubmit={submit} className="row">
        <Field label="Route key" value={routeKey} onChange={setRouteKey} placeholder="GET /pets/{id}" required error={action.error} />
        <Select label="Integration target for the new route" value={target} onChange={setTarget} options={targets(integrations)} />
        <button type="submit" disabled={action.busy}>
          Create route
        </button>
      </form>
    </Panel>
  )
}
