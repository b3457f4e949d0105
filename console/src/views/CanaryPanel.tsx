import { useState } from 'react'
import { useAction } from '../hooks.ts'
import { patch, type PatchOperation } from '../patch.ts'
import { EditForm, TextInput } from '../fields.tsx'
import { Field, Panel } from '../widgets.tsx'
import { MapEditor } from './MapEditor.tsx'
import type { StageContext } from './stage-types.ts'
import { removeCanaryOverride } from './canary-ops.ts'

/**
 * The Canary tab: deploy a canary (CreateDeployment with canarySettings), then change its share
 * (`/canarySettings/percentTraffic`) and its stage-variable overrides
 * (`/canarySettings/stageVariableOverrides/{name}`; one is removed by writing the canary again without
 * it, canary-ops.ts), promote it (`copy` of its overrides and deployment
 * onto the stage, as AWS documents it) or delete it.
 */
export function CanaryPanel({ call, apiId, path, stage, reload }: StageContext) {
  const canaryDeployment = stage.canarySettings?.deploymentId
  const update = useAction()
  const send = (ops: PatchOperation[]) => patch(call, path, ops).then(reload)
  const [percent, setPercent] = useState(String(stage.canarySettings?.percentTraffic ?? 10))
  const create = useAction()
  if (!canaryDeployment) {
    return (
      <Panel title="Canary">
        <form
          className="row"
          onSubmit={(e) => (
            e.preventDefault(),
            void create.run(() => call('POST', `/restapis/${apiId}/deployments`, { body: { stageName: stage.stageName, description: 'canary', canarySettings: { percentTraffic: Number(percent) } } })).then((ok) => ok && reload())
          )}
        >
          <Field label="Canary percent of requests" value={percent} onChange={setPercent} error={create.error} />
          <button type="submit" disabled={create.busy}>
            Deploy a canary
          </button>
        </form>
      </Panel>
    )
  }
  return (
    <Panel title="Canary">
      <p>
        Canary deployment <code>{canaryDeployment}</code> takes <strong data-testid="canary-percent">{stage.canarySettings?.percentTraffic ?? 0}</strong> % of requests.
      </p>
      <EditForm label="Canary traffic" submit="Save percentage" busy={update.busy} error={update.error} onSubmit={() => void update.run(() => send([{ op: 'replace', path: '/canarySettings/percentTraffic', value: percent }]))}>
        <TextInput label="Percent of requests to the canary" value={percent} onChange={setPercent} inputMode="numeric" />
      </EditForm>
      <MapEditor
        title="Canary stage variable overrides"
        path="/canarySettings/stageVariableOverrides"
        entries={stage.canarySettings?.stageVariableOverrides}
        send={send}
        keyLabel="Variable"
        valueLabel="Canary value"
        // UpdateStage takes only `replace` on canary paths (recorded against AWS, src/control/operations/support/stage-patch.ts)
        write="replace"
        removeOps={(name) => removeCanaryOverride(stage.canarySettings!, name)}
      />
      <div className="row">
        <button
          type="button"
          onClick={() =>
            void update.run(() =>
              // AWS's promotion: the canary's variable overrides and deployment become the stage's
              send([
                { op: 'copy', from: '/canarySettings/stageVariableOverrides', path: '/variables' },
                { op: 'copy', from: '/canarySettings/deploymentId', path: '/deploymentId' },
                { op: 'remove', path: '/canarySettings' },
              ]),
            )
          }
        >
          Promote canary
        </button>
        <button type="button" className="danger" onClick={() => void update.run(() => send([{ op: 'remove', path: '/canarySettings' }]))}>
          Delete canary
        </button>
      </div>
    </Panel>
  )
}
