import { useState } from 'react'
import { useAction, useLoad } from '../hooks.ts'
import { changed, patch } from '../patch.ts'
import { Check, EditForm, Select } from '../fields.tsx'
import { ErrorText, Panel } from '../widgets.tsx'
import { MapEditor } from './MapEditor.tsx'
import type { Method, MethodContext } from './method-types.ts'

const AUTHORIZATION_TYPES = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS']

/** Method request: authorization (type and authorizer), request validator, API key, request parameters and models. */
export function MethodRequestPanel({ call, apiId, path, reload, method }: MethodContext & { method: Method }) {
  const base = `/restapis/${apiId}`
  const authorizers = useLoad(() => call<{ item?: Array<{ id: string; name: string }> }>('GET', `${base}/authorizers`, { query: { limit: '500' } }), [apiId])
  const validators = useLoad(() => call<{ item?: Array<{ id: string; name: string }> }>('GET', `${base}/requestvalidators`, { query: { limit: '500' } }), [apiId])
  const [authorizationType, setAuthorizationType] = useState(method.authorizationType ?? 'NONE')
  const [authorizerId, setAuthorizerId] = useState(method.authorizerId ?? '')
  const [validatorId, setValidatorId] = useState(method.requestValidatorId ?? '')
  const save = useAction()
  const toggle = useAction()
  // shown at once; back to the stored value if the update fails
  const [keyRequired, setKeyRequired] = useState<boolean>()
  const send = (ops: Parameters<typeof patch>[2]) => patch(call, path, ops).then(reload)
  const needsAuthorizer = authorizationType === 'CUSTOM' || authorizationType === 'COGNITO_USER_POOLS'
  return (
    <Panel title="Method request">
      <EditForm
        label="Method request settings"
        submit="Save method request"
        busy={save.busy}
        error={save.error}
        onSubmit={() =>
          void save.run(() =>
            send(
              changed(
                { authorizationType: method.authorizationType ?? 'NONE', authorizerId: method.authorizerId, requestValidatorId: method.requestValidatorId },
                { authorizationType, authorizerId: needsAuthorizer ? authorizerId : '', requestValidatorId: validatorId },
              ),
            ),
          )
        }
      >
        <Select label="Authorization" value={authorizationType} onChange={setAuthorizationType} options={AUTHORIZATION_TYPES} />
        {needsAuthorizer && <Select label="Authorizer" value={authorizerId} onChange={setAuthorizerId} options={[['', '—'], ...(authorizers.data?.item ?? []).map((a) => [a.id, a.name] as const)]} />}
        <Select label="Request validator" value={validatorId} onChange={setValidatorId} options={[['', 'NONE'], ...(validators.data?.item ?? []).map((v) => [v.id, v.name] as const)]} />
      </EditForm>
      <Check
        label="API key required"
        checked={keyRequired ?? method.apiKeyRequired ?? false}
        disabled={toggle.busy}
        onChange={(value) => {
          setKeyRequired(value)
          void toggle.run(() => send([{ op: 'replace', path: '/apiKeyRequired', value: String(value) }])).then((ok) => ok || setKeyRequired(undefined))
        }}
      />
      <ErrorText error={toggle.error} />
      <MapEditor title="Request parameters" path="/requestParameters" entries={method.requestParameters} send={send} keyLabel="Parameter" keyPlaceholder="method.request.querystring.name" flag />
      <MapEditor title="Request models" path="/requestModels" entries={method.requestModels} send={send} keyLabel="Content type" valueLabel="Model" keyPlaceholder="application/json" />
    </Panel>
  )
}
