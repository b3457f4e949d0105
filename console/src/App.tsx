import { useState } from 'react'
import { clientFor, saveCredentials, savedCredentials } from './api.ts'
import type { Credentials } from './sigv4.ts'
import { useRoute } from './hooks.ts'
import { SignIn } from './views/SignIn.tsx'
import { ApiList } from './views/ApiList.tsx'
import { ApiView } from './views/ApiView.tsx'
import { KeysView } from './views/KeysView.tsx'
import { Dashboard } from './views/Dashboard.tsx'
import { AuditView } from './views/AuditView.tsx'
import { HttpApiList } from './views/http/HttpApiList.tsx'
import { HttpApiView } from './views/http/HttpApiView.tsx'

/**
 * The console's shell: sign-in, then the navigation AWS's console has (APIs by kind, API keys
 * and usage plans, the dashboard) over hash routes, so nothing reloads the page and the
 * browser's back button works. REST and HTTP APIs; WebSocket APIs get their own entry.
 */
export function App() {
  const [credentials, setCredentials] = useState<Credentials | undefined>(savedCredentials)
  const route = useRoute()
  if (!credentials) {
    return (
      <SignIn
        onSignedIn={(c) => {
          saveCredentials(c)
          setCredentials(c)
        }}
      />
    )
  }
  const call = clientFor(credentials)
  const [section, id] = route
  return (
    <div className="shell">
      <header className="top">
        <a href="#/apis" className="brand">
          Portico
        </a>
        <span className="who" aria-label="Signed in as">
          {credentials.accessKeyId} · {credentials.region}
        </span>
        <button
          type="button"
          onClick={() => {
            saveCredentials(undefined)
            setCredentials(undefined)
          }}
        >
          Sign out
        </button>
      </header>
      <nav className="side" aria-label="Main">
        <h2>APIs</h2>
        <a href="#/apis" aria-current={section === 'apis' || section === undefined ? 'page' : undefined}>
          REST APIs
        </a>
        <a href="#/http-apis" aria-current={section === 'http-apis' ? 'page' : undefined}>
          HTTP APIs
        </a>
        <span className="soon" title="arrives with the WebSocket API issue">
          WebSocket APIs
        </span>
        <h2>Usage</h2>
        <a href="#/keys" aria-current={section === 'keys' ? 'page' : undefined}>
          API keys &amp; usage plans
        </a>
        <a href="#/dashboard" aria-current={section === 'dashboard' ? 'page' : undefined}>
          Dashboard
        </a>
        <a href="#/audit" aria-current={section === 'audit' ? 'page' : undefined}>
          Audit trail
        </a>
      </nav>
      <main>
        {section === 'keys' ? (
          <KeysView call={call} />
        ) : section === 'dashboard' ? (
          <Dashboard call={call} apiId={id} />
        ) : section === 'audit' ? (
          <AuditView call={call} />
        ) : section === 'http-apis' ? (
          id ? <HttpApiView call={call} apiId={id} tab={route[2]} item={route[3]} /> : <HttpApiList call={call} />
        ) : section === 'apis' && id ? (
          <ApiView call={call} apiId={id} route={route.slice(2)} />
        ) : (
          <ApiList call={call} />
        )}
      </main>
    </div>
  )
}
