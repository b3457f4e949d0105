import { useState } from 'react'
import { useAction } from '../hooks.ts'
import { changed, patch } from '../patch.ts'
import { Check, EditForm, Select } from '../fields.tsx'
import { Panel } from '../widgets.tsx'
import type { StageContext } from './stage-types.ts'

// UpdateStage's sizes (GB), as AWS lists them
const SIZES = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237']

/** The stage's cache cluster (enabled, size) and X-Ray tracing: UpdateStage `/cacheClusterEnabled`, `/cacheClusterSize`, `/tracingEnabled`. */
export function StageCachePanel({ call, path, stage, reload }: StageContext) {
  const [enabled, setEnabled] = useState(stage.cacheClusterEnabled ?? false)
  const [size, setSize] = useState(stage.cacheClusterSize ?? '0.5')
  const [tracing, setTracing] = useState(stage.tracingEnabled ?? false)
  const save = useAction()
  const before = { cacheClusterEnabled: String(stage.cacheClusterEnabled ?? false), cacheClusterSize: stage.cacheClusterSize ?? '0.5', tracingEnabled: String(stage.tracingEnabled ?? false) }
  return (
    <Panel title="Cache and tracing">
      <p>
        Cache cluster: <strong data-testid="cache-status">{stage.cacheClusterStatus ?? 'NOT_AVAILABLE'}</strong>
      </p>
      <EditForm
        label="Cache and tracing settings"
        submit="Save cache and tracing"
        busy={save.busy}
        error={save.error}
        onSubmit={() => void save.run(() => patch(call, path, changed(before, { cacheClusterEnabled: String(enabled), ...(enabled && { cacheClusterSize: size }), tracingEnabled: String(tracing) })).then(reload))}
      >
        <Check label="Enable API cache" checked={enabled} onChange={setEnabled} />
        {enabled && <Select label="Cache capacity (GB)" value={size} onChange={setSize} options={SIZES} />}
        <Check label="Enable X-Ray tracing" checked={tracing} onChange={setTracing} />
      </EditForm>
    </Panel>
  )
}
