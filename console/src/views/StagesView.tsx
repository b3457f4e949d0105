import { useState } from 'react'
import type { Call } from '../api.ts'
import { useAction, useLoad } from '../hooks.ts'
import { ErrorText, Field, Panel } from '../widgets.tsx'
import { code, ListTable, shownDate } from '../table.tsx'
import type { Stage } from './stage-types.ts'
import { StageCachePanel } from './StageCachePanel.tsx'
import { MethodSettingsPanel } from './MethodSettingsPanel.tsx'
import { CanaryPanel } from './CanaryPanel.tsx'

interface Deployment {
  id: string
  description?: string
  createdDate?: number
}

type Patch = Array<{ op: string; path: string; value?: string }>

/** Stages: variables, cache and tracing, method settings (throttling, logging, caching; defaults and per method), the canary (create, overrides, promote, delete), and deployment history with rollback. */
export function StagesView({ call, apiId, selected }: { call: Call; apiId: string; selected?: string }) {
  const stages = useLoad(() => call<{ item?: Stage[] }>('GET', `/restapis/${apiId}/stages`), [apiId])
  const list = stages.data?.item ?? []
  const stage = list.find((s) => s.stageName === selected) ?? list[0]
  return (
    <div className="split">
      <nav className="tree" aria-label="Stages">
        <ul>
          {list.map((s) => (
            <li key={s.stageName}>
              <a href={`#/apis/${apiId}/stages/${s.stageName}`} aria-current={s === stage ? 'page' : undefined}>
                {s.stageName}
              </a>
            </li>
          ))}
        </ul>
        {stages.data && list.length === 0 && <p>No stages: use Deploy API.</p>}
      </nav>
      <ErrorText error={stages.error} />
      {stage && <StageDetail key={stage.stageName} call={call} apiId={apiId} stage={stage} reload={stages.reload} />}
    </div>
  )
}

function StageDetail({ call, apiId, stage, reload }: { call: Call; apiId: string; stage: Stage; reload: () => void }) {
  const path = `/restapis/${apiId}/stages/${stage.stageName}`
  const deployments = useLoad(() => call<{ item?: Deployment[] }>('GET', `/restapis/${apiId}/deployments`, { query: { limit: '500' } }), [apiId, stage.deploymentId, stage.canarySettings?.deploymentId])
  const patch = useAction()
  const update = (patchOperations: Patch) => patch.run(() => call('PATCH', path, { body: { patchOperations } })).then((ok) => ok && reload())
  const [varName, setVarName] = useState('')
  const [varValue, setVarValue] = useState('')
  const canaryDeployment = stage.canarySettings?.deploymentId
  const history = [...(deployments.data?.item ?? [])].sort((a, b) => (b.createdDate ?? 0) - (a.createdDate ?? 0))
  const context = { call, apiId, path, stage, reload }
  const invokeUrl = `${location.origin}/_aws/execute-api/${apiId}/${stage.stageName}/`
  return (
    <div className="stage">
      <h1>Stage {stage.stageName}</h1>
      <p>
        Invoke URL: <code>{invokeUrl}</code> · Deployment <code data-testid="stage-deployment">{stage.deploymentId}</code>
      </p>
      <ErrorText error={patch.error} />
      <Panel title="Stage variables">
        <ul>
          {Object.entries(stage.variables ?? {}).map(([k, v]) => (
            <li key={k}>
              <code>{k}</code> = <code>{v}</code>{' '}
              <button type="button" aria-label={`Remove variable ${k}`} onClick={() => void update([{ op: 'remove', path: `/variables/${k}` }])}>
                Remove
              </button>
            </li>
          ))}
        </ul>
        <form className="row" onSubmit={(e) => (e.preventDefault(), void update([{ op: 'replace', path: `/variables/${varName}`, value: varValue }]))}>
          <Field label="Variable name" value={varName} onChange={setVarName} required />
          <Field label="Variable value" value={varValue} onChange={setVarValue} />
          <button type="submit">Set variable</button>
        </form>
      </Panel>
      <StageCachePanel {...context} />
      <MethodSettingsPanel {...context} />
      <CanaryPanel {...context} />
      <Panel title="Deployment history">
        <ErrorText error={deployments.error} />
        <ListTable
          label="Deployment history"
          rows={history}
          rowKey={(d) => d.id}
          columns={[
            {
              header: 'Deployment',
              cell: (d) => (
                <>
                  {code(d.id)}
                  {d.id === stage.deploymentId && ' (active)'}
                  {d.id === canaryDeployment && ' (canary)'}
                </>
              ),
            },
            { header: 'Description', cell: (d) => d.description },
            { header: 'Created', cell: (d) => shownDate(d.createdDate) },
            {
              header: '',
              cell: (d) =>
                d.id !== stage.deploymentId && (
                  <button type="button" aria-label={`Roll back to ${d.id}`} onClick={() => void update([{ op: 'replace', path: '/deploymentId', value: d.id }])}>
                    Roll back to this
                  </button>
                ),
            },
          ]}
        />
      </Panel>
    </div>
  )
}
