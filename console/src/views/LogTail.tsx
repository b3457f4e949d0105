import { useEffect, useRef, useState } from 'react'
import { errorText, type Call } from '../api.ts'
import { ErrorText, Panel } from '../widgets.tsx'

interface TailedLine {
  seq: number
  time: string
  apiId: string
  stage: string
  canary: boolean
  line: string
}
interface LogPage {
  perStage: number
  cursor: number
  items: TailedLine[]
}

/** how often a followed tail asks for new lines */
const POLL_MS = 2000
/** lines the panel keeps on screen */
const KEEP = 500

/**
 * A live tail of the stages' access logs (GetPorticoLogs): the newest lines Portico keeps in
 * memory, then, while "Follow" is on, only the lines after the last answer's cursor. Only
 * stages with access logging (a format and a destination) have lines.
 */
export function LogTail({ call, apiId }: { call: Call; apiId?: string }) {
  const [stage, setStage] = useState('')
  const [follow, setFollow] = useState(true)
  const [lines, setLines] = useState<TailedLine[]>([])
  const [perStage, setPerStage] = useState<number>()
  const [error, setError] = useState<string>()
  const cursor = useRef<number | undefined>(undefined)

  // a new filter starts over from the newest lines
  useEffect(() => {
    cursor.current = undefined
    setLines([])
  }, [apiId, stage])

  useEffect(() => {
    let live = true
    let timer: ReturnType<typeof setTimeout> | undefined
    const poll = async () => {
      try {
        const page = await call<LogPage>('GET', '/_portico/logs', { query: { apiId, stage: stage || undefined, since: cursor.current === undefined ? undefined : String(cursor.current) } })
        if (!live) return
        cursor.current = page.cursor
        setPerStage(page.perStage)
        setError(undefined)
        if (page.items.length > 0) setLines((old) => [...old, ...page.items].slice(-KEEP))
      } catch (e) {
        if (live) setError(errorText(e))
      }
      if (live && follow) timer = setTimeout(() => void poll(), POLL_MS)
    }
    void poll()
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [apiId, stage, follow])

  return (
    <Panel
      title="Access log (live)"
      actions={
        <div className="row">
          <div className="field">
            <label htmlFor="tail-stage">Stage</label>
            <input id="tail-stage" value={stage} placeholder="(all)" onChange={(e) => setStage(e.target.value.trim())} />
          </div>
          <label className="check">
            <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
          </label>
          <button type="button" onClick={() => setLines([])}>
            Clear
          </button>
        </div>
      }
    >
      <ErrorText error={error} />
      {perStage === 0 && <p className="hint">The access-log tail is off on this server.</p>}
      <pre className="code tail" role="log" aria-label="Access log lines" data-testid="log-tail">
        {lines.map((l) => `${l.apiId}/${l.stage}${l.canary ? '/Canary' : ''} ${l.line}`).join('\n')}
      </pre>
      {lines.length === 0 && <p className="hint">No lines yet. Stages with access logging (a format and a destination in their logging settings) show their requests here.</p>}
    </Panel>
  )
}
