import { useState, type FormEvent } from 'react'
import { useAction, useLoad } from '../../hooks.ts'
import { Check, EditForm, TextInput } from '../../fields.tsx'
import { code, ListTable, shownDate } from '../../table.tsx'
import { ErrorText, Field, Panel } from '../../widgets.tsx'
import { ItemPanel } from './ItemPanel.tsx'
import { DeployPanel, DeploymentHistory } from './DeploymentsPanel.tsx'
import { RouteSettingsPanel, routeSettingsBody } from './RouteSettingsPanel.tsx'
import { AccessLogPanel } from './AccessLogPanel.tsx'
import type { HttpApiContext, HttpDeployment, HttpRoute, HttpStage } from './http-types.ts'

/** The Stages tab: the stage chosen (UpdateStage, DeleteStage, route settings, access logging), Deploy, CreateStage, the list, and the API's deployments. */
export function StagesTab({ call, apiId, base, item }: HttpApiContext) {
  const stages = useLoad(() => call<{ items?: HttpStage[] }>('GET', `${base}/stages`), [apiId])
  const deployments = useLoad(() => call<{ items?: HttpDeployment[] }>('GET', `${base}/deployments`), [apiId])
  const routes = useLoad(() => call<{ items?: HttpRoute[] }>('GET', `${base}/routes`), [apiId])
  const list = stages.data?.items ?? []
  const chosen = list.find((s) => s.stageName === item)
  const changed = () => (stages.reload(), deployments.reload())
  const routeKeys = (routes.data?.items ?? []).map((r) => r.routeKey)
  return (
    <>
      {chosen && <StageView key={JSON.stringify(chosen)} call={call} path={`${base}/stages/${chosen.stageName}`} stage={chosen} routeKeys={routeKeys} reload={stages.reload} back={`#/http-apis/${apiId}/stages`} />}
      {stages.data && <DeployPanel key={`${item}:${list.map((s) => `${s.stageName}/${s.autoDeploy}`).join()}`} call={call} base={base} stages={list} chosen={item} onDeployed={changed} />}
      <CreateStage call={call} base={base} onCreated={stages.reload} />
      <ErrorText error={stages.error} />
      <ListTable
        label="Stages"
        rows={stages.data?.items}
        rowKey={(s) => s.stageName}
        empty="No stages yet."
        columns={[
          { header: 'Stage', cell: (s) => <a href={`#/http-apis/${apiId}/stages/${s.stageName}`}>{s.stageName}</a> },
          { header: 'Auto-deploy', cell: (s) => (s.autoDeploy ? 'yes' : 'no') },
          { header: 'Deployment', cell: (s) => code(s.deploymentId) },
          { header: 'Updated', cell: (s) => shownDate(s.lastUpdatedDate) },
        ]}
      />
      <DeploymentHistory call={call} base={base} deployments={deployments.data?.items} error={deployments.error} stages={list} chosen={chosen} onChanged={changed} />
    </>
  )
}

/** `a=1` lines ⇄ the stage's variables. */
const variablesText = (variables: Record<string, string> | undefined) =>
  Object.entries(variables ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')
function parseVariables(text: string): Record<string, string> {
  const variables: Record<string, string> = {}
  for (const line of text.split('\n')) {
    const at = line.indexOf('=')
    if (line.trim() !== '') variables[(at < 0 ? line : line.slice(0, at)).trim()] = at < 0 ? '' : line.slice(at + 1).trim()
  }
  return variables
}

/** One stage: description, automatic deployment, default route throttling and detailed metrics, stage variables (UpdateStage), route settings, access logging, and Delete. */
function StageView({ call, path, stage, routeKeys, reload, back }: { call: HttpApiContext['call']; path: string; stage: HttpStage; routeKeys: readonly string[]; reload: () => void; back: string }) {
  const defaults = stage.defaultRouteSettings ?? {}
  const [description, setDescription] = useState(stage.description ?? '')
  const [autoDeploy, setAutoDeploy] = useState(stage.autoDeploy ?? false)
  const [rate, setRate] = useState(defaults.throttlingRateLimit === undefined ? '' : String(defaults.throttlingRateLimit))
  const [burst, setBurst] = useState(defaults.throttlingBurstLimit === undefined ? '' : String(defaults.throttlingBurstLimit))
  const [metrics, setMetrics] = useState(defaults.detailedMetricsEnabled ?? false)
  const [variables, setVariables] = useState(variablesText(stage.stageVariables))
  const save = useAction()
  const variablesId = `stage-variables-${stage.stageName}`
  const body = {
    description,
    autoDeploy,
    defaultRouteSettings: routeSettingsBody(rate, burst, metrics),
    stageVariables: parseVariables(variables),
  }
  return (
    <ItemPanel call={call} path={path} title={`Stage ${stage.stageName}`} name={`stage ${stage.stageName}`} back={back} reload={reload}>
      <p>
        Deployment <span data-testid="stage-deployment">{code(stage.deploymentId ?? '(none yet)')}</span> · updated {shownDate(stage.lastUpdatedDate)}
      </p>
      {stage.lastDeploymentStatusMessage && <p>{stage.lastDeploymentStatusMessage}</p>}
      <EditForm label={`Stage ${stage.stageName} settings`} submit="Save stage" busy={save.busy} error={save.error} onSubmit={() => void save.run(() => call('PATCH', path, { body }).then(reload))}>
        <TextInput label="Stage description" value={description} onChange={setDescription} />
        <Check label="Automatic deployment" checked={autoDeploy} onChange={setAutoDeploy} />
        <TextInput label="Default rate limit (requests per second)" value={rate} onChange={setRate} inputMode="numeric" />
        <TextInput label="Default burst limit" value={burst} onChange={setBurst} inputMode="numeric" />
        <Check label="Detailed route metrics" checked={metrics} onChange={setMetrics} />
        <div className="field">
          <label htmlFor={variablesId}>Stage variables (one name=value a line)</label>
          <textarea id={variablesId} className="code" rows={3} value={variables} onChange={(e) => setVariables(e.target.value)} />
        </div>
      </EditForm>
      <RouteSettingsPanel call={call} path={path} stage={stage} routeKeys={routeKeys} reload={reload} />
      <AccessLogPanel call={call} path={path} stage={stage} reload={reload} />
    </ItemPanel>
  )
}

function CreateStage({ call, base, onCreated }: { call: HttpApiContext['call']; base: string; onCreated: () => void }) {
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
