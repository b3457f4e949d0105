import { useId, useState } from 'react'
import type { Call } from '../api.ts'
import { useAction } from '../hooks.ts'
import { EditForm, TextInput } from '../fields.tsx'

interface TestResult {
  clientStatus?: number
  principalId?: string
  policy?: string
  latency?: number
  log?: string
}

/** `Name: value` lines → a header map (blank lines skipped). */
function headerMap(text: string): Record<string, string> {
  const pairs = text.split('\n').map((line) => line.split(/:(.*)/s).map((s) => s.trim()))
  return Object.fromEntries(pairs.filter(([name]) => name).map(([name, value]) => [name, value ?? '']))
}

/**
 * TestInvokeAuthorizer (POST /restapis/{id}/authorizers/{id}): the headers and path to send, and
 * what AWS's console shows back — the client status, the principal, the policy and the log.
 */
export function AuthorizerTest({ call, path, name }: { call: Call; path: string; name: string }) {
  const [headers, setHeaders] = useState('Authorization: ')
  const [target, setTarget] = useState('/')
  const [result, setResult] = useState<TestResult>()
  const test = useAction()
  const id = useId()
  return (
    <div className="authorizer-test">
      <EditForm
        label={`Test authorizer ${name}`}
        submit="Test"
        submitName={`Test authorizer ${name}`}
        busy={test.busy}
        error={test.error}
        onSubmit={() => void test.run(async () => setResult(await call<TestResult>('POST', path, { body: { headers: headerMap(headers), pathWithQueryString: target } })))}
      >
        <div className="field">
          <label htmlFor={id}>Headers (one Name: value a line)</label>
          <textarea id={id} className="code" rows={2} value={headers} onChange={(e) => setHeaders(e.target.value)} />
        </div>
        <TextInput label="Path and query string" value={target} onChange={setTarget} />
      </EditForm>
      {result && (
        <dl aria-label={`Test result of ${name}`}>
          <dt>Client status</dt>
          <dd data-testid="authorizer-status">{result.clientStatus}</dd>
          <dt>Principal</dt>
          <dd>{result.principalId ?? '—'}</dd>
          <dt>Latency</dt>
          <dd>{result.latency} ms</dd>
          <dt>Policy</dt>
          <dd>
            <pre className="code">{result.policy ?? '—'}</pre>
          </dd>
          <dt>Log</dt>
          <dd>
            <pre className="code log">{result.log}</pre>
          </dd>
        </dl>
      )}
    </div>
  )
}
