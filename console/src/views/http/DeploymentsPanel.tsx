import { useState } from 'react'
import { useAction } from '../../hooks.ts'
import { EditForm, Select, TextInput } from '../../fields.tsx'
import { code, ListTable, shownDate } from '../../table.tsx'
import { ErrorText, Panel } from '../../widgets.tsx'
import type { HttpApiContext, HttpDeployment, HttpStage } from './http-types.ts'

/** The value of the Deploy form's stage select that deploys to no stage. */
const NO_STAGE = ''

/**
 * Deploy (CreateDeployment, to a stage without automatic deployment or to none, with an optional
 * description), with its progress and AWS's refusal ("Unable to deploy API because no routes
 * exist in this API") beside the form. Auto-deploy stages are not offered: they deploy themselves.
 */
export function DeployPanel({ call, base, stages, chosen, onDeployed }: { call: HttpApiContext['call']; base: string; stages: readonly HttpStage[]; chosen: string | undefined; onDeployed: () => void }) {
  const manual = stages.filter((s) => !s.autoDeploy)
  const [stageName, setStageName] = useState(manual.some((s) => s.stageName === chosen) ? chosen! : (manual[0]?.stageName ?? NO_STAGE))
  const [description, setDescription] = useState('')
  const [done, setDone] = useState<string>()
  const deploy = useAction()
  const submit = () => {
    setDone(undefined)
    const body = { ...(stageName !== NO_STAGE && { stageName }), ...(description !== '' && { description }) }
    void deploy.run(async () => {
      const deployment = await call<HttpDeployment>('POST', `${base}/deployments`, { body })
      setDone(stageName === NO_STAGE ? `Created deployment ${deployment.deploymentId}.` : `Deployed ${deployment.deploymentId} to stage ${stageName}.`)
      setDescription('')
      onDeployed()
    })
  }
  return (
    <Panel title="Deploy">
      <EditForm label="Deploy API" submit={deploy.busy ? 'Deploying…' : 'Deploy'} busy={deploy.busy} error={deploy.error} onSubmit={submit}>
        <Select label="Deploy to stage" value={stageName} onChange={setStageName} options={[...manual.map((s) => s.stageName), [NO_STAGE, '(no stage: deployment only)'] as const]} />
        <TextInput label="Deployment description" value={description} onChange={setDescription} />
      </EditForm>
      <p role="status">{deploy.busy ? 'Deploying…' : done}</p>
    </Panel>
  )
}

/**
 * The API's deployments (GetDeployments), newest first, each marked with the stages it is active
 * on; with a stage without automatic deployment chosen, any other deployment can be made its
 * active one (UpdateStage deploymentId): the AWS console's deployment history.
 */
export function DeploymentHistory(props: { call: HttpApiContext['call']; base: string; deployments: readonly HttpDeployment[] | undefined; error: string | undefined; stages: readonly HttpStage[]; chosen: HttpStage | undefined; onChanged: () => void }) {
  const { chosen } = props
  const activate = useAction()
  const rows = [...(props.deployments ?? [])].sort((a, b) => (b.createdDate ?? '').localeCompare(a.createdDate ?? ''))
  const activeOn = (id: string) => props.stages.filter((s) => s.deploymentId === id).map((s) => s.stageName)
  const makeActive = (id: string) => void activate.run(() => props.call('PATCH', `${props.base}/stages/${chosen!.stageName}`, { body: { deploymentId: id } })).then((ok) => ok && props.onChanged())
  return (
    <Panel title="Deployments">
      <ErrorText error={props.error ?? activate.error} />
      <ListTable
        label="Deployments"
        rows={props.deployments && rows}
        rowKey={(d) => d.deploymentId}
        empty="No deployments yet."
        columns={[
          { header: 'Deployment', cell: (d) => code(d.deploymentId) },
          { header: 'Active on', cell: (d) => activeOn(d.deploymentId).join(', ') },
          { header: 'Description', cell: (d) => d.description },
          { header: 'Status', cell: (d) => d.deploymentStatus },
          { header: 'Created', cell: (d) => shownDate(d.createdDate) },
          {
            header: '',
            cell: (d) =>
              chosen &&
              !chosen.autoDeploy &&
              chosen.deploymentId !== d.deploymentId && (
                <button type="button" disabled={activate.busy} aria-label={`Make ${d.deploymentId} active on stage ${chosen.stageName}`} onClick={() => makeActive(d.deploymentId)}>
                  Make active on {chosen.stageName}
                </button>
              ),
          },
        ]}
      />
    </Panel>
  )
}
