import { useState, type FormEvent } from 'react'
import type { Call } from '../api.ts'
import { useAction, useLoad } from '../hooks.ts'
import { DeleteButton, ErrorText, Field, Panel } from '../widgets.tsx'
import { code, ListTable, shownDate } from '../table.tsx'

interface RestApi {
  id: string
  name: string
  description?: string
  createdDate?: number
}

/** REST APIs: create (new or clone), import an OpenAPI file, delete; open one for its resources. */
export function ApiList({ call }: { call: Call }) {
  const list = useLoad(() => call<{ item?: RestApi[] }>('GET', '/restapis', { query: { limit: '500' } }), [])
  const [name, setName] = useState('')
  const [cloneFrom, setCloneFrom] = useState('')
  const create = useAction()
  const importing = useAction()
  const remove = useAction()
  const apis = list.data?.item ?? []

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (await create.run(() => call('POST', '/restapis', { body: { name, ...(cloneFrom && { cloneFrom }) } }))) {
      setName('')
      list.reload()
    }
  }
  const importFile = async (file: File | undefined) => {
    if (!file) return
    const text = await file.text()
    if (await importing.run(() => call('POST', '/restapis', { query: { mode: 'import' }, raw: text }))) list.reload()
  }
  return (
    <>
      <h1>REST APIs</h1>
      <Panel title="Create API">
        <form onSubmit={submit} className="row">
          <Field label="API name" value={name} onChange={setName} required error={create.error} />
          <div className="field">
            <label htmlFor="clone-from">Clone from</label>
            <select id="clone-from" value={cloneFrom} onChange={(e) => setCloneFrom(e.target.value)}>
              <option value="">(new API)</option>
              {apis.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" disabled={create.busy}>
            Create API
          </button>
        </form>
        <div className="field">
          <label htmlFor="import-file">Import OpenAPI file (YAML or JSON)</label>
          <input id="import-file" type="file" accept=".yaml,.yml,.json" disabled={importing.busy} onChange={(e) => void importFile(e.target.files?.[0])} />
          {importing.busy && <p role="status">Importing…</p>}
          <ErrorText error={importing.error} />
        </div>
      </Panel>
      <ErrorText error={list.error ?? remove.error} />
      <ListTable
        label="REST APIs"
        rows={list.data && apis}
        rowKey={(a) => a.id}
        empty="No REST APIs yet: create one or import an OpenAPI file."
        columns={[
          { header: 'Name', cell: (a) => <a href={`#/apis/${a.id}/resources`}>{a.name}</a> },
          { header: 'ID', cell: (a) => code(a.id) },
          { header: 'Description', cell: (a) => a.description },
          { header: 'Created', cell: (a) => shownDate(a.createdDate) },
          { header: '', cell: (a) => <DeleteButton name={a.name} what="API" onDelete={() => void remove.run(() => call('DELETE', `/restapis/${a.id}`)).then(list.reload)} /> },
        ]}
      />
    </>
  )
}
