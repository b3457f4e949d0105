import { useState } from 'react'
import type { Call } from '../api.ts'
import { useAction, useLoad } from '../hooks.ts'
import { changed, patch } from '../patch.ts'
import { Check, EditForm, TextInput } from '../fields.tsx'
import { ErrorText, Panel } from '../widgets.tsx'

interface Validator {
  id: string
  name: string
  validateRequestBody?: boolean
  validateRequestParameters?: boolean
}

function useValidatorFields(v?: Validator) {
  const [name, setName] = useState(v?.name ?? '')
  const [body, setBody] = useState(v?.validateRequestBody ?? false)
  const [parameters, setParameters] = useState(v?.validateRequestParameters ?? false)
  const controls = (
    <>
      <TextInput label="Validator name" value={name} onChange={setName} required />
      <Check label="Validate body" checked={body} onChange={setBody} />
      <Check label="Validate query string parameters and headers" checked={parameters} onChange={setParameters} />
    </>
  )
  return { controls, name, body, parameters }
}

/** Request validators: create (CreateRequestValidator), update, delete. */
export function ValidatorsPanel({ call, apiId }: { call: Call; apiId: string }) {
  const base = `/restapis/${apiId}/requestvalidators`
  const list = useLoad(() => call<{ item?: Validator[] }>('GET', base, { query: { limit: '500' } }), [apiId])
  // a new key after each creation: the create form starts empty again
  const [round, setRound] = useState(0)
  return (
    <Panel title="Request validators">
      <ErrorText error={list.error} />
      {(list.data?.item ?? []).map((v) => (
        <OneValidator key={v.id} call={call} path={`${base}/${v.id}`} validator={v} reload={list.reload} />
      ))}
      <CreateValidator key={round} call={call} base={base} created={() => (setRound(round + 1), list.reload())} />
    </Panel>
  )
}

function CreateValidator({ call, base, created }: { call: Call; base: string; created: () => void }) {
  const fields = useValidatorFields()
  const create = useAction()
  return (
    <>
      <h3>New validator</h3>
      <EditForm
        label="Create request validator"
        submit="Create validator"
        busy={create.busy}
        error={create.error}
        onSubmit={() => void create.run(() => call('POST', base, { body: { name: fields.name, validateRequestBody: fields.body, validateRequestParameters: fields.parameters } }).then(created))}
      >
        {fields.controls}
      </EditForm>
    </>
  )
}

function OneValidator({ call, path, validator: v, reload }: { call: Call; path: string; validator: Validator; reload: () => void }) {
  const fields = useValidatorFields(v)
  const save = useAction()
  const remove = useAction()
  return (
    <details className="item">
      <summary>
        <strong>{v.name}</strong> <code>{v.id}</code>: body {String(v.validateRequestBody ?? false)}, parameters {String(v.validateRequestParameters ?? false)}
      </summary>
      <EditForm
        label={`Validator ${v.name}`}
        submit="Save"
        submitName={`Save validator ${v.name}`}
        busy={save.busy}
        error={save.error ?? remove.error}
        onSubmit={() =>
          void save.run(() =>
            patch(
              call,
              path,
              changed(
                { name: v.name, validateRequestBody: String(v.validateRequestBody ?? false), validateRequestParameters: String(v.validateRequestParameters ?? false) },
                { name: fields.name, validateRequestBody: String(fields.body), validateRequestParameters: String(fields.parameters) },
              ),
            ).then(reload),
          )
        }
        extra={
          <button type="button" className="danger" aria-label={`Delete validator ${v.name}`} disabled={remove.busy} onClick={() => void remove.run(() => call('DELETE', path).then(reload))}>
            Delete
          </button>
        }
      >
        {fields.controls}
      </EditForm>
    </details>
  )
}
