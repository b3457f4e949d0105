import { useState, type FormEvent } from 'react'
import type { Call } from '../../api.ts'
import { useAction, useLoad } from '../../hooks.ts'
import { DeleteButton, ErrorText, Field, Panel } from '../../widgets.tsx'
import { code, ListTable, shownDate } from '../../table.tsx'
import type { HttpApi } from './http-types.ts'


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
      <ListTable
        label="HTTP APIs"
        rows={list.data && apis}
        rowKey={(a) => a.apiId}
        empty="No HTTP APIs yet."
        columns={[
          { header: 'Name', cell: (a) => <a href={`#/http-apis/${a.apiId}/routes`}>{a.name}</a> },
          { header: 'ID', cell: (a) => code(a.apiId) },
          { header: 'Endpoint', cell: (a) => code(a.apiEndpoint) },
          { header: 'Created', cell: (a) => shownDate(a.createdDate) },
          { header: '', cell: (a) => <DeleteButton name={a.name} what="HTTP API" onDelete={() => void remove.run(() => call('DELETE', `/v2/apis/${a.apiId}`)).then(list.reload)} /> },
        ]}
      />
    </>
  )
}
