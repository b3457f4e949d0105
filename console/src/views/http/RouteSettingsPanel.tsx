import { useState } from 'react'
import { useAction } from '../../hooks.ts'
import { Check, EditForm, Select, TextInput } from '../../fields.tsx'
import { ListTable } from '../../table.tsx'
import { ErrorText, Panel } from '../../widgets.tsx'
import type { HttpApiContext, HttpRouteSettings, HttpStage } from './http-types.ts'

/** The throttling and metrics fields' text → RouteSettings as the AWS CLI sends them: a limit left empty is not sent. */
export function routeSettingsBody(rate: string, burst: string, detailedMetricsEnabled: boolean): HttpRouteSettings {
  return { detailedMetricsEnabled, ...(rate.trim() !== '' && { throttlingRateLimit: Number(rate) }), ...(burst.trim() !== '' && { throttlingBurstLimit: Number(burst) }) }
}

const shown = (n: number | undefined) => (n === undefined ? '' : String(n))

/**
 * A stage's per-route settings: the list, a form that adds or replaces one route's throttling and
 * detailed metrics (UpdateStage `routeSettings`, merged by route key as AWS does), Edit to load a
 * route's settings into that form, and Remove (DeleteRouteSettings).
 */
export function RouteSettingsPanel({ call, path, stage, routeKeys, reload }: { call: HttpApiContext['call']; path: string; stage: HttpStage; routeKeys: readonly string[]; reload: () => void }) {
  const entries = Object.entries(stage.routeSettings ?? {})
  const [routeKey, setRouteKey] = useState(routeKeys[0] ?? '')
  const [rate, setRate] = useState('')
  const [burst, setBurst] = useState('')
  const [metrics, setMetrics] = useState(false)
  const save = useAction()
  const remove = useAction()
  const edit = (key: string, settings: HttpRouteSettings) => {
    setRouteKey(key)
    setRate(shown(settings.throttlingRateLimit))
    setBurst(shown(settings.throttlingBurstLimit))
    setMetrics(settings.detailedMetricsEnabled ?? false)
  }
  const submit = () => void save.run(() => call('PATCH', path, { body: { routeSettings: { [routeKey]: routeSettingsBody(rate, burst, metrics) } } })).then((ok) => ok && reload())
  const onRemove = (key: string) => void remove.run(() => call('DELETE', `${path}/routesettings/${encodeURIComponent(key)}`)).then((ok) => ok && reload())
  return (
    <Panel title="Route settings">
      <ErrorText error={remove.error} />
      <ListTable
        label="Route settings"
        rows={entries}
        rowKey={([key]) => key}
        empty="No route overrides the stage's defaults."
        columns={[
          { header: 'Route', cell: ([key]) => key },
          { header: 'Rate limit', cell: ([, s]) => shown(s.throttlingRateLimit) },
          { header: 'Burst limit', cell: ([, s]) => shown(s.throttlingBurstLimit) },
          { header: 'Detailed metrics', cell: ([, s]) => (s.detailedMetricsEnabled ? 'on' : 'off') },
          {
            header: '',
            cell: ([key, s]) => (
              <>
                <button type="button" aria-label={`Edit route settings of ${key}`} onClick={() => edit(key, s)}>
                  Edit
                </button>{' '}
                <button type="button" className="danger" aria-label={`Remove route settings of ${key}`} disabled={remove.busy} onClick={() => onRemove(key)}>
                  Remove
                </button>
              </>
            ),
          },
        ]}
      />
      <EditForm label="Settings for one route" submit="Save route settings" busy={save.busy} error={save.error} onSubmit={submit}>
        <Select label="Route" value={routeKey} onChange={setRouteKey} options={routeKeys} />
        <TextInput label="Route rate limit (requests per second)" value={rate} onChange={setRate} inputMode="numeric" />
        <TextInput label="Route burst limit" value={burst} onChange={setBurst} inputMode="numeric" />
        <Check label="Detailed metrics for the route" checked={metrics} onChange={setMetrics} />
      </EditForm>
    </Panel>
  )
}
