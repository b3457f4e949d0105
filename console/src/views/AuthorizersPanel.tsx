import { Fragment, useState } from 'react'
import type { Call } from '../api.ts'
import { useAction, useLoad } from '../hooks.ts'
import { changed, patch } from '../patch.ts'
import { EditForm, Select, TextInput } from '../fields.tsx'
import { ErrorText, Panel } from '../widgets.tsx'
import { AuthorizerTest } from './AuthorizerTest.tsx'

interface Authorizer {
  id: string
  name: string
  type: string
  authorizerUri?: string
  identitySource?: string
  identityValidationExpression?: string
  authorizerResultTtlInSeconds?: number
  providerARNs?: string[]
}

const TYPES = ['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS']

/** The fields both forms edit, as text. */
function useAuthorizerFields(a?: Authorizer) {
  const [name, setName] = useState(a?.name ?? '')
  const [type, setType] = useState(a?.type ?? 'TOKEN')
  const [uri, setUri] = useState(a?.authorizerUri ?? '')
  const [source, setSource] = useState(a ? (a.identitySource ?? '') : 'method.request.header.Authorization')
  const [ttl, setTtl] = useState(String(a?.authorizerResultTtlInSeconds ?? 300))
  const [arns, setArns] = useState((a?.providerARNs ?? []).join(', '))
  const cognito = type === 'COGNITO_USER_POOLS'
  const controls = (
    <>
      <TextInput label="Authorizer name" value={name} onChange={setName} required />
      <Select label="Authorizer type" value={type} onChange={setType} options={TYPES} />
      {cognito ? (
        <TextInput label="User pool ARNs (comma-separated)" value={arns} onChange={setArns} />
      ) : (
        <TextInput label="Lambda function URI" value={uri} onChange={setUri} placeholder="arn:aws:apigateway:…:lambda:path/2015-03-31/functions/…/invocations" />
      )}
      <TextInput label="Identity source" value={source} onChange={setSource} />
      <TextInput label="Result TTL (seconds)" value={ttl} onChange={setTtl} inputMode="numeric" />
    </>
  )
  const text = { name, type, identitySource: source, authorizerResultTtlInSeconds: ttl, ...(!cognito && { authorizerUri: uri }) }
  return { controls, text, arns: arns.split(',').map((s) => s.trim()).filter(Boolean) }
}

/** Authorizers: create (CreateAuthorizer), update (UpdateAuthorizer), delete, and test (TestInvokeAuthorizer). */
export function AuthorizersPanel({ call, apiId }: { call: Call; apiId: string }) {
  const base = `/restapis/${apiId}/authorizers`
  const list = useLoad(() => call<{ item?: Authorizer[] }>('GET', base, { query: { limit: '500' } }), [apiId])
  // a new key after each creation: the create form starts empty again
  const [round, setRound] = useState(0)
  return (
    <Panel title="Authorizers">
      <ErrorText error={list.error} />
      {(list.data?.item ?? []).map((a) => (
        <Fragment key={a.id}>
          <OneAuthorizer call={call} path={`${base}/${a.id}`} authorizer={a} reload={list.reload} />
          <AuthorizerTest call={call} apiId={apiId} authorizer={a} />
        </Fragment>
      ))}
      {list.data?.item?.length === 0 && <p>None.</p>}
      <CreateAuthorizer key={round} call={call} base={base} created={() => (setRound(round + 1), list.reload())} />
    </Panel>
  )
}

function CreateAuthorizer({ call, base, created }: { call: Call; base: string; created: () => void }) {
  const fields = useAuthorizerFields()
  const create = useAction()
  return (
    <details>
      <summary>Create authorizer</summary>
      <EditForm
        label="Create authorizer"
        submit="Create authorizer"
        busy={create.busy}
        error={create.error}
        onSubmit={() =>
          void create.run(() =>
            call('POST', base, { body: { ...fields.text, authorizerResultTtlInSeconds: Number(fields.text.authorizerResultTtlInSeconds), ...(fields.text.type === 'COGNITO_USER_POOLS' && { providerARNs: fields.arns }) } }).then(created),
          )
        }
      >
        {fields.controls}
      </EditForm>
    </details>
  )
}

function OneAuthorizer({ call, path, authorizer: a, reload }: { call: Call; path: string; authorizer: Authorizer; reload: () => void }) {
  const fields = useAuthorizerFields(a)
  const save = useAction()
  const remove = useAction()
  const before = { name: a.name, type: a.type, identitySource: a.identitySource, authorizerResultTtlInSeconds: String(a.authorizerResultTtlInSeconds ?? 300), authorizerUri: a.authorizerUri }
  return (
    <details className="item">
      <summary>
        <strong>{a.name}</strong> {a.type} {a.identitySource && <code>{a.identitySource}</code>}
      </summary>
      <EditForm
        label={`Authorizer ${a.name}`}
        submit="Save"
        submitName={`Save authorizer ${a.name}`}
        busy={save.busy}
        error={save.error ?? remove.error}
        onSubmit={() => void save.run(() => patch(call, path, changed(before, fields.text)).then(reload))}
        extra={
          <button type="button" className="danger" aria-label={`Delete authorizer ${a.name}`} disabled={remove.busy} onClick={() => void remove.run(() => call('DELETE', path).then(reload))}>
            Delete
          </button>
        }
      >
        {fields.controls}
      </EditForm>
    </details>
  )
}
