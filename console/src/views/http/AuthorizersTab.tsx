import { useState } from 'react'
import { useAction } from '../../hooks.ts'
import { Check, EditForm, Select, TextInput } from '../../fields.tsx'
import { code, ListTable } from '../../table.tsx'
import { ErrorText, Panel } from '../../widgets.tsx'
import { ItemPanel } from './ItemPanel.tsx'
import { list, type HttpApiContext, type HttpAuthorizer } from './http-types.ts'

interface Loaded {
  authorizers: { data: { items?: HttpAuthorizer[] } | undefined; error: string | undefined; reload: () => void }
}

/** The Authorization tab: the authorizer chosen (UpdateAuthorizer, DeleteAuthorizer), CreateAuthorizer, and the list. Routes attach them in the Routes tab. */
export function AuthorizersTab({ call, apiId, base, item, authorizers }: HttpApiContext & Loaded) {
  const chosen = authorizers.data?.items?.find((a) => a.authorizerId === item)
  // a new key after each creation: the create form starts empty again
  const [round, setRound] = useState(0)
  const path = `${base}/authorizers`
  return (
    <>
      {chosen && <AuthorizerView key={JSON.stringify(chosen)} call={call} path={`${path}/${chosen.authorizerId}`} authorizer={chosen} reload={authorizers.reload} back={`#/http-apis/${apiId}/authorizers`} />}
      <CreateAuthorizer key={round} call={call} path={path} created={() => (setRound(round + 1), authorizers.reload())} />
      <ErrorText error={authorizers.error} />
      <ListTable
        label="Authorizers"
        rows={authorizers.data?.items}
        rowKey={(a) => a.authorizerId}
        empty="No authorizers yet."
        columns={[
          { header: 'Name', cell: (a) => <a href={`#/http-apis/${apiId}/authorizers/${a.authorizerId}`}>{a.name}</a> },
          { header: 'ID', cell: (a) => code(a.authorizerId) },
          { header: 'Type', cell: (a) => (a.authorizerType === 'REQUEST' ? 'Lambda (REQUEST)' : 'JWT') },
          { header: 'Identity source', cell: (a) => code(a.identitySource?.join(', ')) },
          { header: 'Issuer or function', cell: (a) => code(a.jwtConfiguration?.issuer ?? a.authorizerUri) },
        ]}
      />
    </>
  )
}

/**
 * The fields of a JWT authorizer (issuer, audience) or a Lambda REQUEST one (function URI,
 * payload format version, simple responses, result TTL), both with their identity sources, and
 * the body of CreateAuthorizer/UpdateAuthorizer that holds them: only the members of the
 * authorizer's type, since AWS refuses a JWT member on a REQUEST authorizer and the other way round.
 */
function useAuthorizerFields(a?: HttpAuthorizer) {
  const [name, setName] = useState(a?.name ?? '')
  const [type, setType] = useState<string>(a?.authorizerType ?? 'JWT')
  const [source, setSource] = useState((a?.identitySource ?? ['$request.header.Authorization']).join(', '))
  const [issuer, setIssuer] = useState(a?.jwtConfiguration?.issuer ?? '')
  const [audience, setAudience] = useState((a?.jwtConfiguration?.audience ?? []).join(', '))
  const [uri, setUri] = useState(a?.authorizerUri ?? '')
  const [format, setFormat] = useState(a?.authorizerPayloadFormatVersion ?? '2.0')
  const [simple, setSimple] = useState(a?.enableSimpleResponses ?? false)
  const [ttl, setTtl] = useState(String(a?.authorizerResultTtlInSeconds ?? 0))
  const jwt = type === 'JWT'
  const controls = (
    <>
      <TextInput label="Authorizer name" value={name} onChange={setName} required />
      {a ? (
        <p>
          Type <strong>{a.authorizerType}</strong>
        </p>
      ) : (
        <Select label="Authorizer type" value={type} onChange={setType} options={[['JWT', 'JWT'], ['REQUEST', 'Lambda (REQUEST)']]} />
      )}
      <TextInput label="Identity sources (comma-separated)" value={source} onChange={setSource} placeholder="$request.header.Authorization" />
      {jwt ? (
        <>
          <TextInput label="Issuer URL" value={issuer} onChange={setIssuer} placeholder="https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc" />
          <TextInput label="Audience (comma-separated)" value={audience} onChange={setAudience} />
        </>
      ) : (
        <>
          <TextInput label="Lambda function URI" value={uri} onChange={setUri} placeholder="arn:aws:apigateway:…:lambda:path/2015-03-31/functions/…/invocations" />
          <Select label="Payload format version" value={format} onChange={setFormat} options={['1.0', '2.0']} />
          <Check label="Simple responses (isAuthorized)" checked={simple && format === '2.0'} disabled={format !== '2.0'} onChange={setSimple} />
          <TextInput label="Result TTL (seconds)" value={ttl} onChange={setTtl} inputMode="numeric" />
        </>
      )}
    </>
  )
  const body = jwt
    ? { name, identitySource: list(source), jwtConfiguration: { issuer, audience: list(audience) } }
    : { name, identitySource: list(source), authorizerUri: uri, authorizerPayloadFormatVersion: format, enableSimpleResponses: simple && format === '2.0', authorizerResultTtlInSeconds: Number(ttl) }
  return { controls, body: { ...body, ...(!a && { authorizerType: type }) } }
}

function CreateAuthorizer({ call, path, created }: { call: HttpApiContext['call']; path: string; created: () => void }) {
  const fields = useAuthorizerFields()
  const create = useAction()
  return (
    <Panel title="Create authorizer">
      <EditForm label="Create authorizer" submit="Create authorizer" busy={create.busy} error={create.error} onSubmit={() => void create.run(() => call('POST', path, { body: fields.body }).then(created))}>
        {fields.controls}
      </EditForm>
    </Panel>
  )
}

function AuthorizerView({ call, path, authorizer: a, reload, back }: { call: HttpApiContext['call']; path: string; authorizer: HttpAuthorizer; reload: () => void; back: string }) {
  const fields = useAuthorizerFields(a)
  const save = useAction()
  return (
    <ItemPanel call={call} path={path} title={`Authorizer ${a.name}`} name={`authorizer ${a.name}`} back={back} reload={reload}>
      <EditForm label={`Authorizer ${a.name}`} submit="Save authorizer" busy={save.busy} error={save.error} onSubmit={() => void save.run(() => call('PATCH', path, { body: fields.body }).then(reload))}>
        {fields.controls}
      </EditForm>
    </ItemPanel>
  )
}
