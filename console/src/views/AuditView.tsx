import { useState } from 'react'
import type { Call } from '../api.ts'
import { useAction, useLoad } from '../hooks.ts'
import { ErrorText } from '../widgets.tsx'

interface AuditEntry {
  time: string
  accessKeyId: string
  operation: string
  resource: string
  requestId: string
  parameters: Record<string, unknown>
}
interface AuditPage {
  items: AuditEntry[]
  nextToken?: string
}

const PAGE = '50'

/** "Who changed what": the audit trail (GetPorticoAudit), newest first, a page at a time, each entry's parameters (secrets redacted) on demand. */
export function AuditView({ call }: { call: Call }) {
  const first = useLoad(() => call<AuditPage>('GET', '/_portico/audit', { query: { limit: PAGE } }), [])
  const [more, setMore] = useState<AuditPage[]>([])
  const next = useAction()
  const pages = first.data ? [first.data, ...more] : []
  // a change made between two pages shifts them: an entry may come twice
  const entries = [...new Map(pages.flatMap((p) => p.items).map((e) => [e.requestId, e])).values()]
  const token = pages.at(-1)?.nextToken
  const refresh = () => {
    setMore([])
    first.reload()
  }
  return (
    <>
      <h1>Audit trail</h1>
      <p className="hint">Every change made through the management API: who (the access key), what, on which resource, when.</p>
      <div className="row">
        <button type="button" onClick={refresh}>
          Refresh
        </button>
      </div>
      <ErrorText error={first.error ?? next.error} />
      <table className="list" aria-label="Audit trail">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Access key</th>
            <th scope="col">Operation</th>
            <th scope="col">Resource</th>
            <th scope="col">Parameters</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.requestId}>
              <td>
                <time dateTime={e.time}>{new Date(e.time).toLocaleString()}</time>
              </td>
              <td>
                <code>{e.accessKeyId}</code>
              </td>
              <td>{e.operation}</td>
              <td>
                <code>{e.resource}</code>
              </td>
              <td>
                {Object.keys(e.parameters).length > 0 && (
                  <details>
                    <summary>Show</summary>
                    <pre className="code">{JSON.stringify(e.parameters, null, 2)}</pre>
                  </details>
                )}
              </td>
            </tr>
          ))}
          {first.data && entries.length === 0 && (
            <tr>
              <td colSpan={5}>No changes recorded yet.</td>
            </tr>
          )}
        </tbody>
      </table>
      {token && (
        <button type="button" disabled={next.busy} onClick={() => void next.run(async () => setMore([...more, await call<AuditPage>('GET', '/_portico/audit', { query: { limit: PAGE, nextToken: token } })]))}>
          {next.busy ? 'Loading…' : 'Older changes'}
        </button>
      )}
    </>
  )
}
