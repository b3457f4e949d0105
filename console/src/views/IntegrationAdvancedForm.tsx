import { useState } from 'react'
import { useAction, useLoad } from '../hooks.ts'
import { changed, patch, pointer, type PatchOperation } from '../patch.ts'
import { EditForm, Select, TextInput } from '../fields.tsx'
import { ErrorText } from '../widgets.tsx'
import type { Integration, MethodContext } from './method-types.ts'

interface VpcLink {
  id: string
  name: string
  status?: string
}

/** `a, b` → the names; the cache key parameters as the form holds them. */
const names = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

/**
 * The integration request's advanced settings (UpdateIntegration): content handling, timeout,
 * connection type and VPC link, execution role (AWS integrations), and the cache key parameters,
 * each added or removed by name (`add`/`remove /cacheKeyParameters/{name}`, as the CLI does).
 */
export function IntegrationAdvancedForm({ call, path, reload, integration: i }: MethodContext & { integration: Integration }) {
  const [contentHandling, setContentHandling] = useState(i.contentHandling ?? '')
  const [timeout, setTimeoutMs] = useState(String(i.timeoutInMillis ?? 29000))
  const [connectionType, setConnectionType] = useState(i.connectionType ?? 'INTERNET')
  const [connectionId, setConnectionId] = useState(i.connectionId ?? '')
  const [credentials, setCredentials] = useState(i.credentials ?? '')
  const [cacheKeys, setCacheKeys] = useState((i.cacheKeyParameters ?? []).join(', '))
  const vpc = connectionType === 'VPC_LINK'
  const links = useLoad(() => (vpc ? call<{ item?: VpcLink[] }>('GET', '/vpclinks', { query: { limit: '500' } }) : Promise.resolve({ item: [] })), [vpc])
  const aws = i.type === 'AWS' || i.type === 'AWS_PROXY'
  const save = useAction()
  const at = `${path}/integration`
  const ops = (): PatchOperation[] => {
    const before = new Set(i.cacheKeyParameters ?? [])
    const after = new Set(names(cacheKeys))
    return [
      ...changed(
        { contentHandling: i.contentHandling, timeoutInMillis: String(i.timeoutInMillis ?? 29000), connectionType: i.connectionType ?? 'INTERNET', connectionId: i.connectionId, credentials: i.credentials },
        { contentHandling, timeoutInMillis: timeout, connectionType, connectionId: vpc ? connectionId : '', ...(aws && { credentials }) },
      ),
      ...[...after].filter((k) => !before.has(k)).map((k): PatchOperation => ({ op: 'add', path: pointer('cacheKeyParameters', k) })),
      ...[...before].filter((k) => !after.has(k)).map((k): PatchOperation => ({ op: 'remove', path: pointer('cacheKeyParameters', k) })),
    ]
  }
  return (
    <EditForm label="Advanced integration settings" submit="Save advanced settings" busy={save.busy} error={save.error} onSubmit={() => void save.run(() => patch(call, at, ops()).then(reload))}>
      <Select label="Content handling" value={contentHandling} onChange={setContentHandling} options={[['', 'Passthrough'], ['CONVERT_TO_TEXT', 'Convert to text'], ['CONVERT_TO_BINARY', 'Convert to binary']]} />
      <TextInput label="Integration timeout (milliseconds)" value={timeout} onChange={setTimeoutMs} inputMode="numeric" />
      <Select label="Connection type" value={connectionType} onChange={setConnectionType} options={[['INTERNET', 'Internet'], ['VPC_LINK', 'VPC link']]} />
      {vpc && <Select label="VPC link" value={connectionId} onChange={setConnectionId} options={[['', '(choose)'], ...(links.data?.item ?? []).map((l) => [l.id, `${l.name} (${l.status ?? ''})`] as const)]} />}
      {aws && <TextInput label="Execution role ARN" value={credentials} onChange={setCredentials} placeholder="arn:aws:iam::123456789012:role/apigateway" />}
      <TextInput label="Cache key parameters (comma-separated)" value={cacheKeys} onChange={setCacheKeys} placeholder="method.request.querystring.q" />
      <ErrorText error={links.error} />
    </EditForm>
  )
}
