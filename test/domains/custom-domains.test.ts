/**
 * Custom domains over real TLS: two domains with their own certificates chosen by SNI, base path
 * precedence (`(none)`, `v1`, `v1/admin`), the context variables a domain sets, mutual TLS
 * accepting a trusted client certificate and refusing each other case with 403, and
 * disableExecuteApiEndpoint.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { CreateBasePathMappingCommand, CreateDeploymentCommand, CreateDomainNameCommand, GetBasePathMappingsCommand, GetDomainNameCommand, UpdateDomainNameCommand } from '@aws-sdk/client-api-gateway'
import { editApi, mockMethod, rejects, seedApi } from '../control/stages-harness.ts'
import { httpsGet, useHttpsPortico } from './harness.ts'

const ECHO = mockMethod(
  '{"domain": "$context.domainName", "prefix": "$context.domainPrefix", "base": "$context.customDomain.basePathMatched", "subject": "$context.identity.clientCert.subjectDN", "path": "$context.resourcePath"}',
)

let ca: string
let api1: string
let api2: string

const h = useHttpsPortico({}, async () => {
  ca = readFileSync(h.ca.caFile, 'utf8')
  api1 = (await seedApi(h.portico, 'one')).apiId
  api2 = (await seedApi(h.portico, 'two')).apiId
  await editApi(h.portico, api2, (d) => {
    d.resources[0]!.resourceMethods!.GET = ECHO
  })
  for (const restApiId of [api1, api2]) await h.client.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }))
  const certA = await h.registerServerCertificate(['a.example.test'])
  const certB = await h.registerServerCertificate(['b.example.test'])
  await h.client.send(new CreateDomainNameCommand({ domainName: 'a.example.test', regionalCertificateArn: certA, endpointConfiguration: { types: ['REGIONAL'] } }))
  await h.client.send(
    new CreateDomainNameCommand({
      domainName: 'b.example.test',
      regionalCertificateArn: certB,
      endpointConfiguration: { types: ['REGIONAL'] },
      securityPolicy: 'TLS_1_2',
      mutualTlsAuthentication: { truststoreUri: `file://${h.ca.caFile}` },
    }),
  )
  await h.client.send(new CreateBasePathMappingCommand({ domainName: 'a.example.test', restApiId: api1, stage: 'prod' }))
  await h.client.send(new CreateBasePathMappingCommand({ domainName: 'a.example.test', basePath: 'v1', restApiId: api2, stage: 'prod' }))
  await h.client.send(new CreateBasePathMappingCommand({ domainName: 'a.example.test', basePath: 'v1/admin', restApiId: api1, stage: 'prod' }))
  await h.client.send(new CreateBasePathMappingCommand({ domainName: 'b.example.test', restApiId: api2, stage: 'prod' }))
  await h.portico.settled()
})

describe('custom domains over HTTPS', () => {
  it('presents each domain its own certificate by SNI, and the default one otherwise', async () => {
    assert.equal((await httpsGet(h.httpsPort, 'a.example.test', '/', { ca })).serverName, 'a.example.test')
    assert.equal((await httpsGet(h.httpsPort, 'b.example.test', '/', { ca, cert: h.clientCertificate('alice') })).serverName, 'b.example.test')
    const direct = await httpsGet(h.httpsPort, `${api1}.execute-api.localhost`, '/prod/pets', { ca })
    assert.equal(direct.serverName, 'localhost')
    assert.equal(direct.status, 200)
  })

  it('takes the longest matching base path, strips it, and sets the domain context', async () => {
    assert.deepEqual(JSON.parse((await httpsGet(h.httpsPort, 'a.example.test', '/', { ca })).body), { root: true })
    const v1 = JSON.parse((await httpsGet(h.httpsPort, 'a.example.test', '/v1', { ca })).body)
    assert.deepEqual(v1, { domain: 'a.example.test', prefix: 'a', base: 'v1', subject: '', path: '/' })
    assert.deepEqual(JSON.parse((await httpsGet(h.httpsPort, 'a.example.test', '/v1/pets', { ca })).body), { pets: '' })
    // v1/admin → api1, whose /pets answers pets; v1x is no segment prefix: (none) → api1 has no /v1x
    assert.deepEqual(JSON.parse((await httpsGet(h.httpsPort, 'a.example.test', '/v1/admin/pets', { ca })).body), { pets: '' })
    const v1x = await httpsGet(h.httpsPort, 'a.example.test', '/v1x', { ca })
    assert.equal(v1x.status, 403)
    assert.match(v1x.body, /Missing Authentication Token/)
  })

  it('lists the mappings with (none) for the empty base path', async () => {
    const { items } = await h.client.send(new GetBasePathMappingsCommand({ domainName: 'a.example.test' }))
    assert.deepEqual(
      items?.map((m) => m.basePath),
      ['(none)', 'v1', 'v1/admin'],
    )
    const domain = await h.client.send(new GetDomainNameCommand({ domainName: 'b.example.test' }))
    assert.equal(domain.domainNameStatus, 'AVAILABLE')
    assert.match(domain.regionalDomainName ?? '', /^d-[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$/)
    assert.equal(domain.mutualTlsAuthentication?.truststoreUri, `file://${h.ca.caFile}`)
  })

  it('mutual TLS: a trusted client certificate reaches the template; none, untrusted, expired or not yet valid get 403', async () => {
    const ok = await httpsGet(h.httpsPort, 'b.example.test', '/', { ca, cert: h.clientCertificate('alice') })
    assert.equal(ok.status, 200)
    assert.equal(JSON.parse(ok.body).subject, 'CN=alice')
    const refused = [
      await httpsGet(h.httpsPort, 'b.example.test', '/', { ca }),
      await httpsGet(h.httpsPort, 'b.example.test', '/', { ca, cert: h.clientCertificate('expired', { from: -7200, to: -3600 }) }),
      await httpsGet(h.httpsPort, 'b.example.test', '/', { ca, cert: h.clientCertificate('future', { from: 3600, to: 7200 }) }),
    ]
    const { issueCertificate } = await import('../../src/lib/x509-issue.ts')
    const selfSigned = issueCertificate({ subject: { commonName: 'mallory' }, notBefore: Math.floor(Date.now() / 1000) - 60, notAfter: Math.floor(Date.now() / 1000) + 3600, usage: ['client'] })
    refused.push(await httpsGet(h.httpsPort, 'b.example.test', '/', { ca, cert: selfSigned }))
    // the Host of the mTLS domain over another name's handshake: no certificate was asked for
    refused.push(await httpsGet(h.httpsPort, 'b.example.test', '/', { ca, servername: 'a.example.test', cert: h.clientCertificate('alice') }))
    for (const answer of refused) {
      assert.equal(answer.status, 403)
      assert.deepEqual(JSON.parse(answer.body), { message: 'Forbidden' })
    }
  })

  it('refuses an unknown certificate ARN and a truststore it cannot read, writing nothing', async () => {
    await rejects(
      () => h.client.send(new CreateDomainNameCommand({ domainName: 'c.example.test', regionalCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/nope', endpointConfiguration: { types: ['REGIONAL'] } })),
      'BadRequestException',
      400,
      /Invalid certificate ARN/,
    )
    const certC = await h.registerServerCertificate(['c.example.test'])
    await rejects(
      () =>
        h.client.send(
          new CreateDomainNameCommand({
            domainName: 'c.example.test',
            regionalCertificateArn: certC,
            endpointConfiguration: { types: ['REGIONAL'] },
            mutualTlsAuthentication: { truststoreUri: 's3://bucket/missing.pem' },
          }),
        ),
      'BadRequestException',
      400,
      /truststore/,
    )
    await rejects(() => h.client.send(new GetDomainNameCommand({ domainName: 'c.example.test' })), 'NotFoundException', 404)
    await rejects(() => h.client.send(new CreateBasePathMappingCommand({ domainName: 'a.example.test', basePath: 'v1', restApiId: api1, stage: 'prod' })), 'ConflictException', 409)
    await rejects(() => h.client.send(new CreateBasePathMappingCommand({ domainName: 'a.example.test', basePath: 'v2', restApiId: api1, stage: 'nope' })), 'BadRequestException', 400, 'Invalid stage identifier specified')
  })

  it('answers endpointConfiguration.ipAddressType: ipv4 by default, the one chosen, and refuses another value', async () => {
    assert.equal((await h.client.send(new GetDomainNameCommand({ domainName: 'a.example.test' }))).endpointConfiguration?.ipAddressType, 'ipv4')
    const certD = await h.registerServerCertificate(['d.example.test'])
    const dualstack = await h.client.send(new CreateDomainNameCommand({ domainName: 'd.example.test', regionalCertificateArn: certD, endpointConfiguration: { types: ['REGIONAL'], ipAddressType: 'dualstack' } }))
    assert.equal(dualstack.endpointConfiguration?.ipAddressType, 'dualstack')
    assert.equal((await h.client.send(new GetDomainNameCommand({ domainName: 'd.example.test' }))).endpointConfiguration?.ipAddressType, 'dualstack')
    await rejects(
      () => h.client.send(new CreateDomainNameCommand({ domainName: 'e.example.test', regionalCertificateArn: certD, endpointConfiguration: { types: ['REGIONAL'], ipAddressType: 'ipv6' as 'ipv4' } })),
      'BadRequestException',
      400,
      'ipAddressType must be either ipv4 or dualstack.',
    )
    await rejects(() => h.client.send(new GetDomainNameCommand({ domainName: 'e.example.test' })), 'NotFoundException', 404)
  })

  it('turning mutual TLS off by an empty truststoreUri serves clients without certificates', async () => {
    await h.client.send(new UpdateDomainNameCommand({ domainName: 'b.example.test', patchOperations: [{ op: 'replace', path: '/mutualTlsAuthentication/truststoreUri', value: '' }] }))
    await h.portico.settled()
    assert.equal((await httpsGet(h.httpsPort, 'b.example.test', '/', { ca })).status, 200)
  })
})
