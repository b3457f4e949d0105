import { useState, type FormEvent } from 'react'
import type { Call } from '../api.ts'
import { useAction } from '../hooks.ts'
import { ErrorText, Panel } from '../widgets.tsx'

interface TestResult {
  status: number
  body?: string
  headers?: Record<string, string>
  log?: string
  latency?: number
}

/** TestInvokeMethod as AWS's Test button: path + query, headers, body, stage variables → status, latency, headers, body, log. */
export function TestPanel({ call, path, resourcePath }: { call: Call; path: string; resourcePath: string }) {
  const [pathWithQueryString, setPath] = useState(resourcePath)
  const [headers, setHeaders] = useState('')
  const [body, setBody] = useState('')
  const [variables, setVariables] = useState('')
  const [result, setResult] = useState<TestResult>()
  const action = useAction()
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    await action.run(async () =>
      setResult(
        await call<TestResult>('POST', path, {
          body: { pathWithQueryString, headers: pairs(headers, ':'), body, stageVariables: pairs(variables, '=') },
        }),
      ),
    )
  }
  return (
    <Panel title="Test method">
      <form onSubmit={submit} className="test-form">
        <div className="field">
          <label htmlFor="test-path">Path and query string</label>
          <input id="test-path" value={pathWithQueryString} onChange={(e) => setPath(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="test-headers">Headers (one "Name: value" a line)</label>
          <textarea id="test-headers" className="code" rows={3} value={headers} onChange={(e) => setHeaders(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="test-vars">Stage variables (one "name=value" a line)</label>
          <textarea id="test-vars" className="code" rows={2} value={variables} onChange={(e) => setVariables(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="test-body">Request body</label>
          <textarea id="test-body" className="code" rows={4} value={body} onChange={(e) => setBody(e.target.value)} />
        </div>
        <button type="submit" disabled={action.busy}>
          {action.busy ? 'Testing…' : 'Run test'}
        </button>
        <ErrorText error={action.error} />
      </form>
      {result && (
        <div className="test-result" aria-label="Test result">
          <p>
            Status: <strong data-testid="test-status">{result.status}</strong> · Latency: <span data-testid="test-latency">{result.latency ?? 0}</span> ms
          </p>
          <h3>Response body</h3>
          <pre className="code" data-testid="test-body">
            {result.body}
          </pre>
          <h3>Response headers</h3>
          <pre className="code">{Object.entries(result.headers ?? {}).map(([k, v]) => `${k}: ${v}`).join('\n')}</pre>
          <h3>Log</h3>
          <pre className="code log">{result.log}</pre>
        </div>
      )}
    </Panel>
  )
}

/** "name: value" (or "name=value") lines → a map; lines without the separator are skipped */
export function pairs(text: string, separator: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of text.split('\n')) {
    const at = line.indexOf(separator)
    if (at > 0) out[line.slice(0, at).trim()] = line.slice(at + 1).trim()
  }
  return out
}
