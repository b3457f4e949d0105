import { useState, type FormEvent } from 'react'
import type { Call } from '../api.ts'
import { useAction } from '../hooks.ts'
import { ErrorText, prettyJson } from '../widgets.tsx'
import { pairs } from './TestPanel.tsx'

interface AuthorizerTestResult {
  clientStatus: number
  principalId?: string
  policy?: string
  authorization?: Record<string, string[]>
  claims?: Record<string, string>
  log?: string
  latency?: number
}

/**
 * TestInvokeAuthorizer as AWS's "Test" on an authorizer: headers (the token's header for a
 * TOKEN authorizer), path and query, stage variables, body → the client status, principal,
 * policy, context and the execution log. Opens under the authorizer it tests.
 */
export function AuthorizerTest({ call, apiId, authorizer }: { call: Call; apiId: string; authorizer: { id?: string; name?: string; identitySource?: string } }) {
  const name = authorizer.name ?? authorizer.id ?? ''
  const header = /^method\.request\.header\.(.+)$/.exec(authorizer.identitySource?.split(',')[0]?.trim() ?? '')?.[1]
  const [headers, setHeaders] = useState(header ? `${header}: ` : '')
  const [path, setPath] = useState('/')
  const [variables, setVariables] = useState('')
  const [body, setBody] = useState('')
  const [result, setResult] = useState<AuthorizerTestResult>()
  const action = useAction()
  const id = `auth-${authorizer.id}`
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    await action.run(async () =>
      setResult(
        await call<AuthorizerTestResult>('POST', `/restapis/${apiId}/authorizers/${authorizer.id}`, {
          body: { headers: pairs(headers, ':'), pathWithQueryString: path, stageVariables: pairs(variables, '='), body },
        }),
      ),
    )
  }
  return (
    <details className="authorizer-test">
      <summary>Test {name}</summary>
      <form onSubmit={submit} className="test-form" aria-label={`Test authorizer ${name}`}>
        <div className="field">
          <label htmlFor={`${id}-headers`}>Headers for {name} (one "Name: value" a line)</label>
          <textarea id={`${id}-headers`} className="code" rows={2} value={headers} onChange={(e) => setHeaders(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-path`}>Path and query string for {name}</label>
          <input id={`${id}-path`} value={path} onChange={(e) => setPath(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-vars`}>Stage variables for {name} (one "name=value" a line)</label>
          <textarea id={`${id}-vars`} className="code" rows={2} value={variables} onChange={(e) => setVariables(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-body`}>Request body for {name}</label>
          <textarea id={`${id}-body`} className="code" rows={2} value={body} onChange={(e) => setBody(e.target.value)} />
        </div>
        <button type="submit" disabled={action.busy}>
          {action.busy ? 'Testing…' : `Test authorizer ${name}`}
        </button>
        <ErrorText error={action.error} />
      </form>
      {result && (
        <div className="test-result" aria-label={`Authorizer test result ${name}`}>
          <dl>
            <dt>Response</dt>
            <dd data-testid="authorizer-status">{result.clientStatus}</dd>
            <dt>Latency</dt>
            <dd>{result.latency ?? 0} ms</dd>
            <dt>Principal ID</dt>
            <dd data-testid="authorizer-principal">{result.principalId ?? ''}</dd>
          </dl>
          {result.policy && (
            <>
              <h3>Policy</h3>
              <pre className="code">{prettyJson(result.policy)}</pre>
            </>
          )}
          {result.authorization && Object.keys(result.authorization).length > 0 && (
            <>
              <h3>Context</h3>
              <pre className="code">{JSON.stringify(result.authorization, null, 2)}</pre>
            </>
          )}
          {result.claims && Object.keys(result.claims).length > 0 && (
            <>
              <h3>Claims</h3>
              <pre className="code">{JSON.stringify(result.claims, null, 2)}</pre>
            </>
          )}
          <h3>Log</h3>
          <pre className="code log">{result.log}</pre>
        </div>
      )}
    </details>
  )
}
