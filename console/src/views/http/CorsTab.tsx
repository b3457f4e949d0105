import { useState } from 'react'
import { useAction } from '../../hooks.ts'
import { Check, EditForm, TextInput } from '../../fields.tsx'
import { Panel } from '../../widgets.tsx'
import { list, type HttpApi, type HttpApiContext } from './http-types.ts'

/**
 * The CORS tab: the API's corsConfiguration, written whole with UpdateApi (as AWS's console's
 * Configure CORS does), or cleared with DeleteCorsConfiguration. An empty list is sent empty.
 */
export function CorsTab({ call, base, api, reload }: HttpApiContext & { api: HttpApi; reload: () => void }) {
  const cors = api.corsConfiguration
  const [origins, setOrigins] = useState((cors?.allowOrigins ?? []).join(', '))
  const [methods, setMethods] = useState((cors?.allowMethods ?? []).join(', '))
  const [headers, setHeaders] = useState((cors?.allowHeaders ?? []).join(', '))
  const [expose, setExpose] = useState((cors?.exposeHeaders ?? []).join(', '))
  const [maxAge, setMaxAge] = useState(cors?.maxAge === undefined ? '' : String(cors.maxAge))
  const [credentials, setCredentials] = useState(cors?.allowCredentials ?? false)
  const save = useAction()
  const remove = useAction()
  const corsConfiguration = {
    allowOrigins: list(origins),
    allowMethods: list(methods),
    allowHeaders: list(headers),
    exposeHeaders: list(expose),
    allowCredentials: credentials,
    ...(maxAge.trim() !== '' && { maxAge: Number(maxAge) }),
  }
  return (
    <Panel title="Cross-origin resource sharing (CORS)">
      <p data-testid="cors-state">{cors ? 'CORS is configured: API Gateway answers preflight requests and adds the CORS headers.' : 'No CORS configuration.'}</p>
      <EditForm
        label="CORS configuration"
        submit="Save CORS"
        busy={save.busy}
        error={save.error ?? remove.error}
        onSubmit={() => void save.run(() => call('PATCH', base, { body: { corsConfiguration } }).then(reload))}
        extra={
          cors && (
            <button type="button" className="danger" disabled={remove.busy} onClick={() => void remove.run(() => call('DELETE', `${base}/cors`).then(reload))}>
              Delete CORS configuration
            </button>
          )
        }
      >
        <TextInput label="Access-Control-Allow-Origin (comma-separated)" value={origins} onChange={setOrigins} placeholder="https://example.com" />
        <TextInput label="Access-Control-Allow-Methods" value={methods} onChange={setMethods} placeholder="GET, POST" />
        <TextInput label="Access-Control-Allow-Headers" value={headers} onChange={setHeaders} placeholder="authorization, content-type" />
        <TextInput label="Access-Control-Expose-Headers" value={expose} onChange={setExpose} />
        <TextInput label="Access-Control-Max-Age (seconds)" value={maxAge} onChange={setMaxAge} inputMode="numeric" />
        <Check label="Access-Control-Allow-Credentials" checked={credentials} onChange={setCredentials} />
      </EditForm>
    </Panel>
  )
}
