import { useState } from 'react'
import { useAction, useLoad } from '../hooks.ts'
import { patch, pointer, type PatchOperation } from '../patch.ts'
import { Check, EditForm, Select, TextInput } from '../fields.tsx'
import { ErrorText, Panel } from '../widgets.tsx'
import type { Resource } from './ResourceTree.tsx'
import type { MethodSetting, StageContext } from './stage-types.ts'

/**
 * Method settings: the stage's defaults (`*\/*`) and per-method overrides, each with throttling,
 * logging level, data trace, detailed metrics and caching, written as UpdateStage paths `/{resourcePath}/{httpMethod}/{group}/{name}`
 * with the resource path escaped as the AWS console sends it (`/~1pets~1{petId}/GET/caching/enabled`);
 * `*\/*` is written `/*\/*\/…`. An override is removed with `remove /{resourcePath}/{httpMethod}`.
 */
export function MethodSettingsPanel(props: StageContext) {
  const settings = props.stage.methodSettings ?? {}
  const keys = ['*/*', ...Object.keys(settings).filter((k) => k !== '*/*').sort()]
  return (
    <Panel title="Method settings">
      {keys.map((key) => (
        <SettingForm key={key} {...props} settingKey={key} setting={settings[key] ?? settings['*/*'] ?? {}} />
      ))}
      {/* a new key when the settings change: after an override is added, the form starts again from the defaults */}
      <AddOverride key={JSON.stringify(settings)} {...props} />
    </Panel>
  )
}

/** `~1pets~1{petId}/GET` → `GET /pets/{petId}`; `*\/*` → "Default (all methods)". */
function title(key: string): string {
  if (key === '*/*') return 'Default (all methods)'
  const slash = key.lastIndexOf('/')
  const resource = key.slice(0, slash).replace(/~1/g, '/').replace(/~0/g, '~')
  return `${key.slice(slash + 1)} ${resource.startsWith('/') ? resource : `/${resource}`}`
}

function settingOps(prefix: string, s: { rate: string; burst: string; logging: string; dataTrace: boolean; metrics: boolean; caching: boolean; ttl: string }): PatchOperation[] {
  return [
    { op: 'replace', path: `${prefix}/throttling/rateLimit`, value: s.rate },
    { op: 'replace', path: `${prefix}/throttling/burstLimit`, value: s.burst },
    { op: 'replace', path: `${prefix}/logging/loglevel`, value: s.logging },
    { op: 'replace', path: `${prefix}/logging/dataTrace`, value: String(s.dataTrace) },
    { op: 'replace', path: `${prefix}/metrics/enabled`, value: String(s.metrics) },
    { op: 'replace', path: `${prefix}/caching/enabled`, value: String(s.caching) },
    { op: 'replace', path: `${prefix}/caching/ttlInSeconds`, value: s.ttl },
  ]
}

function useSettingFields(setting: MethodSetting) {
  const [rate, setRate] = useState(String(setting.throttlingRateLimit ?? 10000))
  const [burst, setBurst] = useState(String(setting.throttlingBurstLimit ?? 5000))
  const [logging, setLogging] = useState(setting.loggingLevel ?? 'OFF')
  const [dataTrace, setDataTrace] = useState(setting.dataTraceEnabled ?? false)
  const [metrics, setMetrics] = useState(setting.metricsEnabled ?? false)
  const [caching, setCaching] = useState(setting.cachingEnabled ?? false)
  const [ttl, setTtl] = useState(String(setting.cacheTtlInSeconds ?? 300))
  const controls = (
    <>
      <TextInput label="Rate limit (requests per second)" value={rate} onChange={setRate} inputMode="numeric" />
      <TextInput label="Burst limit" value={burst} onChange={setBurst} inputMode="numeric" />
      <Select label="CloudWatch logs" value={logging} onChange={setLogging} options={['OFF', 'ERROR', 'INFO']} />
      <Check label="Log full requests and responses (data trace)" checked={dataTrace} onChange={setDataTrace} />
      <Check label="Detailed CloudWatch metrics" checked={metrics} onChange={setMetrics} />
      <Check label="Enable method cache" checked={caching} onChange={setCaching} />
      {caching && <TextInput label="Cache TTL (seconds)" value={ttl} onChange={setTtl} inputMode="numeric" />}
    </>
  )
  return { controls, values: { rate, burst, logging, dataTrace, metrics, caching, ttl } }
}

function SettingForm({ call, path, reload, settingKey, setting }: StageContext & { settingKey: string; setting: MethodSetting }) {
  const fields = useSettingFields(setting)
  const save = useAction()
  const remove = useAction()
  const name = title(settingKey)
  return (
    <EditForm
      label={`Method settings ${name}`}
      submit="Save"
      submitName={`Save ${name}`}
      busy={save.busy}
      error={save.error ?? remove.error}
      onSubmit={() => void save.run(() => patch(call, path, settingOps(`/${settingKey}`, fields.values)).then(reload))}
      extra={
        settingKey !== '*/*' && (
          <button type="button" className="danger" aria-label={`Remove override ${name}`} disabled={remove.busy} onClick={() => void remove.run(() => patch(call, path, [{ op: 'remove', path: `/${settingKey}` }]).then(reload))}>
            Remove override
          </button>
        )
      }
    >
      <strong>{name}</strong>
      {fields.controls}
    </EditForm>
  )
}

function AddOverride({ call, apiId, path, reload, stage }: StageContext) {
  const resources = useLoad(() => call<{ item?: Resource[] }>('GET', `/restapis/${apiId}/resources`, { query: { embed: 'methods', limit: '500' } }), [apiId])
  const methods = (resources.data?.item ?? []).flatMap((r) => Object.keys(r.resourceMethods ?? {}).map((verb) => `${verb} ${r.path}`)).sort()
  const [target, setTarget] = useState('')
  const fields = useSettingFields(stage.methodSettings?.['*/*'] ?? {})
  const add = useAction()
  const chosen = target || methods[0] || ''
  const [verb, resourcePath] = chosen.split(' ') as [string, string]
  return (
    <>
      <h3>Override a method</h3>
      <ErrorText error={resources.error} />
      <EditForm label="Override a method" submit="Add override" busy={add.busy} error={add.error} onSubmit={() => void add.run(() => patch(call, path, settingOps(`${pointer(resourcePath)}/${verb}`, fields.values)).then(reload))}>
        <Select label="Method" value={chosen} onChange={setTarget} options={methods} />
        {fields.controls}
      </EditForm>
    </>
  )
}
