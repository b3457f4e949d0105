import { useState, type FormEvent } from 'react'
import { clientFor } from '../api.ts'
import { useAction } from '../hooks.ts'
import { Field } from '../widgets.tsx'
import type { Credentials } from '../sigv4.ts'

/**
 * The admin key pair (`<dataDir>/admin-credentials.json`, or any pair against `--dev`). It is
 * checked with one signed ListRestApis before it is kept, in sessionStorage only (gone with the tab).
 */
export function SignIn({ onSignedIn }: { onSignedIn: (c: Credentials) => void }) {
  const [accessKeyId, setAccessKeyId] = useState('')
  const [secretAccessKey, setSecret] = useState('')
  const [region, setRegion] = useState('us-east-1')
  const action = useAction()
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const credentials = { accessKeyId: accessKeyId.trim(), secretAccessKey, region: region.trim() }
    if (await action.run(() => clientFor(credentials)('GET', '/restapis', { query: { limit: '1' } }))) onSignedIn(credentials)
  }
  return (
    <main className="signin">
      <form onSubmit={submit} aria-label="Sign in">
        <h1>Portico console</h1>
        <p>Sign in with the management API's key pair (printed by <code>portico serve</code>).</p>
        <Field label="Access key ID" value={accessKeyId} onChange={setAccessKeyId} required />
        <Field label="Secret access key" type="password" value={secretAccessKey} onChange={setSecret} required error={action.error} />
        <Field label="Region" value={region} onChange={setRegion} required />
        <button type="submit" disabled={action.busy}>
          {action.busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  )
}
