import { useState, type FormEvent } from 'react'
import type { Call } from '../api.ts'
import { useAction, useLoad } from '../hooks.ts'
import { DeleteButton, ErrorText, Field, Panel } from '../widgets.tsx'

export interface HttpApi {
  apiId: string
  name: string
  protocolType: string
  apiEndpoint?: string
  description?: string
  createdDate?: string
}

/** HTTP APIs (apigatewayv2 GetApis): create, delete, open one for its routes, integrations and stages. */
export function HttpApiList({ call }: { call: Call }) {
  const list = useLoad(() => call<{ items?: HttpApi[] }>('GET', '/v2/apis', { query: { maxResults: '500' } }), [])
  const [name, setName] = useState('')
  const create = useAction()
  const remove = useAction()
  const apis = list.data?.items ?? []
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (await create.run(() => call('POST', '/v2/apis', { body: { name, protocolType: 'HTTP' } }))) {
      setName('')
      list.reload()
    }
  }
  return (
    <>
      <h1>HTTP APIs</h1>
      <Panel title="Create HTTP API">
        <form onSubmit={submit} className="row">
          <Field label="HTTP API name" value={name} onChange={setName} required error={create.error} />
          <button type="submit" disabled={create.busy}>
            Create HTTP API
          </button>
        </form>
      </Panel>
      <ErrorText error={list.error ?? remove.error} />
      <table className="list" aria-label="HTTP APIs">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">ID</th>
            <th scope="col">Endpoint</th>
            <th scope="col">Created</th>
            <th scope="col">
              <span className="sr">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {apis.map((a) => (
            <tr key={a.apiId}>
              <td>
                <a href={`#/http-apis/${a.apiId}/routes`}>{a.name}</a>
              </td>
              <td>
                <code>{a.apiId}</code>
              </td>
              <td>
                <code>{a.apiEndpoint}</code>
              </td>
              <td>{a.createdDate ? new Date(a.createdDate).toLocaleString() : ''}</td>
              <td>
                <DeleteButton name={a.name} what="HTTP API" onDelete={() => void remove.run(() => call('DELETE', `/v2/apis/${a.apiId}`)).then(list.reload)} />
              </td>
            </tr>
          ))}
          {list.data && apis.length === 0 && (
            <tr>
              <td colSpan={5}>No HTTP APIs yet.</td>
            </tr>
          )}
        </tbody>
      </table>
    </>
  )
}
