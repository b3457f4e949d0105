import { useId, useState } from 'react'
import { useAction } from '../../hooks.ts'
import { EditForm, TextInput } from '../../fields.tsx'
import { Panel } from '../../widgets.tsx'
import type { HttpApiContext, HttpStage } from './http-types.ts'

/** A format with what AWS requires ($context.requestId), offered when the stage has none. */
const SUGGESTED_FORMAT = '{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","requestTime":"$context.requestTime","routeKey":"$context.routeKey","status":"$context.status","responseLength":"$context.responseLength"}'

/**
 * A stage's access logging: the destination ARN and the format (UpdateStage `accessLogSettings`,
 * AWS's refusal of a format without `$context.requestId` beside the form), and turning it off
 * (DeleteAccessLogSettings).
 */
export function AccessLogPanel({ call, path, stage, reload }: { call: HttpApiContext['call']; path: string; stage: HttpStage; reload: () => void }) {
  const logs = stage.accessLogSettings
  const [destinationArn, setDestinationArn] = useState(logs?.destinationArn ?? '')
  const [format, setFormat] = useState(logs?.format ?? SUGGESTED_FORMAT)
  const save = useAction()
  const formatId = useId()
  const submit = () => void save.run(() => call('PATCH', path, { body: { accessLogSettings: { destinationArn, format } } })).then((ok) => ok && reload())
  const turnOff = () => void save.run(() => call('DELETE', `${path}/accesslogsettings`)).then((ok) => ok && reload())
  return (
    <Panel title="Access logging">
      <p data-testid="access-log-state">{logs?.destinationArn ? `Logging to ${logs.destinationArn}.` : 'Access logging is off.'}</p>
      <EditForm
        label="Access logging"
        submit="Save access logging"
        busy={save.busy}
        error={save.error}
        onSubmit={submit}
        extra={
          logs && (
            <button type="button" className="danger" disabled={save.busy} onClick={turnOff}>
              Turn off access logging
            </button>
          )
        }
      >
        <TextInput label="Log destination ARN" value={destinationArn} onChange={setDestinationArn} required />
        <div className="field">
          <label htmlFor={formatId}>Log format</label>
          <textarea id={formatId} className="code" rows={3} value={format} onChange={(e) => setFormat(e.target.value)} />
        </div>
      </EditForm>
    </Panel>
  )
}
