import { useState } from 'react'
import type { Call } from '../api.ts'
import { useAction, useLoad } from '../hooks.ts'
import { ErrorText } from '../widgets.tsx'
import { code, ListTable } from '../table.tsx'

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
      <ListTable
        label="Audit trail"
        rows={first.data && entries}
        rowKey={(e) => e.requestId}
        empty="No changes recorded yet."
        columns={[
          { header: 'Time', cell: (e) => <time dateTime={e.time}>{new Date(e.time).toLocaleString()}</time> },
          { header: 'Access key', cell: (e) => code(e.accessKeyId) },
          { header: 'Operation', cell: (e) => e.operation },
          { header: 'Resource', cell: (e) => code(e.resource) },
          {
            header: 'Parameters',
            cell: (e) =>
              Object.keys(e.parameters).length > 0 && (
                <details>
                  <summary>Show</summary>
                  <pre className="code">{JSON.stringify(e.parameters, null, 2)}</pre>
                </details>
              ),
          },
        ]}
      />
      {token && (
        <button type="button" disabled={next.busy} onClick={() => void next.run(async () => setMore([...more, await call<AuditPage>('GET', '/_portico/audit', { query: { limit: PAGE, nextToken: token } })]))}>
          {next.busy ? 'Loading…' : 'Older changes'}
        </button>
      )}
    </>
  )
}
