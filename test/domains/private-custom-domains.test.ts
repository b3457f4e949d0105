/**
 * Custom domain names for private APIs through @aws-sdk/client-api-gateway and real sockets on
 * VPC endpoint listeners:
 * - CreateDomainName with endpointConfiguration PRIVATE: a domainNameId, an account-qualified
 *   `…/domainnames/{name}+{id}` ARN, the policy's `execute-api:/*` resolved to the domain's ARN;
 *   AWS's refusals (a policy on a public domain, another security policy, a wildcard name);
 * - a private domain shares its name with a public one: without `domainNameId` the public one is
 *   meant, and the private one is not found;
 * - base path mappings with `domainNameId`, to PRIVATE REST APIs only, whose endpoint type then stays;
 * - domain name access associations: create (duplicates refused), list by resourceOwner, reject
 *   (refused in one's own account), delete;
 * - the data plane: the domain answers only through an endpoint with an association whose request
 *   its policy allows (aws:SourceVpce), and the API's policy sees `execute-api:viaDomainArn`.
 */
import { before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  CreateBasePathMappingCommand,
  CreateDeploymentCommand,
  CreateDomainNameAccessAssociationCommand,
  CreateDomainNameCommand,
  DeleteDomainNameAccessAssociationCommand,
  DeleteDomainNameCommand,
  GetBasePathMappingsCommand,
  GetDomainNameAccessAssociationsCommand,
  GetDomainNameCommand,
  GetDomainNamesCommand,
  GetTagsCommand,
  RejectDomainNameAccessAssociationCommand,
  TagResourceCommand,
  UpdateDomainNameCommand,
  UpdateRestApiCommand,
  type DomainName,
} from '@aws-sdk/client-api-gateway'
import { useHarness } from '../control/harness.ts'
import { getWithHeaders } from '../support/get-text.ts'
import { editApi, rejects, seedApi } from '../control/stages-harness.ts'
import { issueCertificate } from '../../src/lib/x509-issue.ts'
import { importCertificate } from '../../src/control/domains/certificate-registry.ts'

const A = 'vpce-0aaa1111' // associated, allowed by the domain's policy
const B = 'vpce-0bbb2222' // allowed by the policy, never associated
const C = 'vpce-0ccc3333' // associated, denied by the domain's policy
const NAME = 'private.example.test'

const h = useHarness({ vpceListeners: `${A}=127.0.0.1:0,${B}=127.0.0.1:0,${C}=127.0.0.1:0` })

const get = (base: string, host: string, path: string) => getWithHeaders(base, path, { host })

const policy = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements })

describe('custom domain names for private APIs', () => {
  let certificateArn: string
  let priv: string
  let regional: string
  let domain: DomainName
  let invokeArn: string

  before(async () => {
    const now = Math.floor(Date.now() / 1000)
    const issued = issueCertificate({ subject: { commonName: NAME }, altNames: [NAME], notBefore: now - 60, notAfter: now + 86_400, usage: ['server'] })
    certificateArn = (await importCertificate(h.portico.store, { certificatePem: issued.certificatePem, privateKeyPem: issued.privateKeyPem }, h.portico.config, now)).certificateArn
    priv = (await seedApi(h.portico, 'private')).apiId
    regional = (await seedApi(h.portico, 'regional')).apiId
    await editApi(h.portico, priv, (d) => void (d.restApi.endpointConfiguration = { types: ['PRIVATE'], ipAddressType: 'dualstack' }))
    await editApi(h.portico, regional, (d) => void (d.restApi.endpointConfiguration = { types: ['REGIONAL'], ipAddressType: 'ipv4' }))
  })

  it('creates a private domain with an id, an account-qualified ARN and its policy on that ARN', async () => {
    domain = await h.client.send(
      new CreateDomainNameCommand({
        domainName: NAME,
        certificateArn,
        endpointConfiguration: { types: ['PRIVATE'] },
        securityPolicy: 'TLS_1_2',
        policy: policy([
          { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: ['execute-api:/*'] },
          { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: ['execute-api:/*'], Condition: { StringEquals: { 'aws:SourceVpce': C } } },
        ]),
      }),
    )
    const id = domain.domainNameId!
    assert.match(id, /^[a-z0-9]{10}$/)
    const account = h.portico.config.accountId
    assert.equal(domain.domainNameArn, `arn:aws:apigateway:us-east-1:${account}:/domainnames/${NAME}+${id}`)
    invokeArn = `arn:aws:execute-api:us-east-1:${account}:/domainnames/${NAME}+${id}`
    assert.deepEqual(domain.endpointConfiguration, { types: ['PRIVATE'], ipAddressType: 'dualstack' })
    assert.equal(domain.securityPolicy, 'TLS_1_2')
    assert.equal(domain.regionalDomainName, undefined)
    assert.equal(domain.distributionDomainName, undefined)
    const stored = JSON.parse(domain.policy!) as { Statement: Array<{ Resource: unknown }> }
    assert.deepEqual(
      stored.Statement.map((s) => s.Resource),
      [invokeArn, invokeArn],
    )
    // its ARN names it for tags
    await h.client.send(new TagResourceCommand({ resourceArn: domain.domainNameArn!, tags: { team: 'payments' } }))
    assert.deepEqual((await h.client.send(new GetTagsCommand({ resourceArn: domain.domainNameArn! }))).tags, { team: 'payments' })
  })

  it("refuses what AWS refuses: a public domain's policy, another security policy, a wildcard private name", async () => {
    await rejects(() => h.client.send(new CreateDomainNameCommand({ domainName: 'public.example.test', certificateArn, policy: policy([]) })), 'BadRequestException', 400)
    await rejects(() => h.client.send(new CreateDomainNameCommand({ domainName: 'old.example.test', certificateArn, endpointConfiguration: { types: ['PRIVATE'] }, securityPolicy: 'TLS_1_0' })), 'BadRequestException', 400)
    await rejects(() => h.client.send(new CreateDomainNameCommand({ domainName: '*.example.test', certificateArn, endpointConfiguration: { types: ['PRIVATE'] } })), 'BadRequestException', 400)
  })

  it('shares its name with a public domain: without domainNameId the public one is meant', async () => {
    await rejects(() => h.client.send(new GetDomainNameCommand({ domainName: NAME })), 'NotFoundException', 404, 'Invalid domain name identifier specified')
    const got = await h.client.send(new GetDomainNameCommand({ domainName: NAME, domainNameId: domain.domainNameId }))
    assert.equal(got.domainNameArn, domain.domainNameArn)
    await h.client.send(new CreateDomainNameCommand({ domainName: NAME, regionalCertificateArn: certificateArn, endpointConfiguration: { types: ['REGIONAL'] } }))
    const publicOne = await h.client.send(new GetDomainNameCommand({ domainName: NAME }))
    assert.equal(publicOne.domainNameId, undefined)
    assert.equal(publicOne.domainNameArn, `arn:aws:apigateway:us-east-1::/domainnames/${NAME}`)
    const listed = (await h.client.send(new GetDomainNamesCommand({}))).items ?? []
    assert.equal(listed.filter((d) => d.domainName === NAME).length, 2)
    assert.deepEqual((await h.client.send(new GetDomainNamesCommand({ resourceOwner: 'OTHER_ACCOUNTS' }))).items ?? [], [])
    await h.client.send(new DeleteDomainNameCommand({ domainName: NAME }))
    // the private one is still there
    await h.client.send(new GetDomainNameCommand({ domainName: NAME, domainNameId: domain.domainNameId }))
  })

  it('maps PRIVATE REST APIs only, addressed with domainNameId', async () => {
    await h.client.send(new UpdateRestApiCommand({ restApiId: priv, patchOperations: [{ op: 'replace', path: '/policy', value: policy([{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { ArnEquals: { 'execute-api:viaDomainArn': invokeArn } } }]) }] }))
    await h.client.send(new CreateDeploymentCommand({ restApiId: priv, stageName: 'prod' }))
    await h.client.send(new CreateDeploymentCommand({ restApiId: regional, stageName: 'prod' }))
    const domainNameId = domain.domainNameId!
    await rejects(() => h.client.send(new CreateBasePathMappingCommand({ domainName: NAME, domainNameId, restApiId: regional, stage: 'prod', basePath: 'pub' })), 'BadRequestException', 400, /private REST APIs/)
    await rejects(() => h.client.send(new CreateBasePathMappingCommand({ domainName: NAME, domainNameId, restApiId: priv, stage: 'prod', basePath: 'a/b' })), 'BadRequestException', 400)
    const mapping = await h.client.send(new CreateBasePathMappingCommand({ domainName: NAME, domainNameId, restApiId: priv, stage: 'prod', basePath: 'v1' }))
    assert.deepEqual([mapping.basePath, mapping.restApiId, mapping.stage], ['v1', priv, 'prod'])
    assert.equal((await h.client.send(new GetBasePathMappingsCommand({ domainName: NAME, domainNameId }))).items?.length, 1)
    await rejects(() => h.client.send(new GetBasePathMappingsCommand({ domainName: NAME })), 'NotFoundException', 404)
    // "When a private API is mapped to a private custom domain name, you can't change the API's endpoint type."
    await rejects(() => h.client.send(new UpdateRestApiCommand({ restApiId: priv, patchOperations: [{ op: 'replace', path: '/endpointConfiguration/types/PRIVATE', value: 'REGIONAL' }] })), 'BadRequestException', 400, /cannot change/)
  })

  it('creates, lists and refuses to reject domain name access associations', async () => {
    const domainNameArn = domain.domainNameArn!
    const a = await h.client.send(new CreateDomainNameAccessAssociationCommand({ domainNameArn, accessAssociationSourceType: 'VPCE', accessAssociationSource: A }))
    assert.deepEqual(a, {
      $metadata: a.$metadata,
      domainNameAccessAssociationArn: `arn:aws:apigateway:us-east-1:${h.portico.config.accountId}:/domainnameaccessassociations/domainname/${NAME}+${domain.domainNameId}/vpcesource/${A}`,
      domainNameArn,
      accessAssociationSourceType: 'VPCE',
      accessAssociationSource: A,
    })
    await h.client.send(new CreateDomainNameAccessAssociationCommand({ domainNameArn, accessAssociationSourceType: 'VPCE', accessAssociationSource: C }))
    await rejects(() => h.client.send(new CreateDomainNameAccessAssociationCommand({ domainNameArn, accessAssociationSourceType: 'VPCE', accessAssociationSource: A })), 'ConflictException', 409)
    await rejects(() => h.client.send(new CreateDomainNameAccessAssociationCommand({ domainNameArn: `arn:aws:apigateway:us-east-1::/domainnames/${NAME}`, accessAssociationSourceType: 'VPCE', accessAssociationSource: B })), 'BadRequestException', 400)
    const self = (await h.client.send(new GetDomainNameAccessAssociationsCommand({ resourceOwner: 'SELF' }))).items ?? []
    assert.deepEqual(
      self.map((x) => x.accessAssociationSource),
      [A, C],
    )
    assert.deepEqual((await h.client.send(new GetDomainNameAccessAssociationsCommand({ resourceOwner: 'OTHER_ACCOUNTS' }))).items ?? [], [])
    await rejects(() => h.client.send(new RejectDomainNameAccessAssociationCommand({ domainNameAccessAssociationArn: a.domainNameAccessAssociationArn, domainNameArn })), 'BadRequestException', 400, /own account/)
    await h.portico.settled()
  })

  it('answers through an associated endpoint its policy allows; 403 through any other', async () => {
    const ok = await get(h.portico.vpceUrls[A]!, NAME, '/v1/pets/7')
    assert.deepEqual([ok.status, JSON.parse(ok.body)], [200, { petId: '7' }])
    const unassociated = await get(h.portico.vpceUrls[B]!, NAME, '/v1/pets/7')
    assert.deepEqual([unassociated.status, JSON.parse(unassociated.body)], [403, { message: 'Forbidden' }])
    const denied = await get(h.portico.vpceUrls[C]!, NAME, '/v1/pets/7')
    assert.deepEqual([denied.status, JSON.parse(denied.body)], [403, { message: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${invokeArn} with an explicit deny` }])
    const publicly = await get(h.portico.url, NAME, '/v1/pets/7')
    assert.notEqual(publicly.status, 200)
    // the API's policy admits calls through the domain only (execute-api:viaDomainArn): its own host through A is refused
    const direct = await get(h.portico.vpceUrls[A]!, `${priv}.execute-api.us-east-1.amazonaws.com`, '/prod/pets/7')
    assert.equal(direct.status, 403)
    assert.match(JSON.parse(direct.body).message, /is not authorized to perform: execute-api:Invoke/)
  })

  it('stops answering through an endpoint whose association is deleted, and on a policy change', async () => {
    const associations = (await h.client.send(new GetDomainNameAccessAssociationsCommand({}))).items ?? []
    await h.client.send(new DeleteDomainNameAccessAssociationCommand({ domainNameAccessAssociationArn: associations.find((x) => x.accessAssociationSource === C)!.domainNameAccessAssociationArn }))
    await rejects(() => h.client.send(new DeleteDomainNameAccessAssociationCommand({ domainNameAccessAssociationArn: associations[1]!.domainNameAccessAssociationArn })), 'NotFoundException', 404)
    await h.client.send(
      new UpdateDomainNameCommand({
        domainName: NAME,
        domainNameId: domain.domainNameId!,
        patchOperations: [{ op: 'replace', path: '/policy', value: policy([{ Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }]) }],
      }),
    )
    await h.portico.settled()
    assert.deepEqual(JSON.parse((await get(h.portico.vpceUrls[C]!, NAME, '/v1/pets/7')).body), { message: 'Forbidden' })
    const denied = await get(h.portico.vpceUrls[A]!, NAME, '/v1/pets/7')
    assert.equal(denied.status, 403)
    assert.match(JSON.parse(denied.body).message, /with an explicit deny$/)
    await h.client.send(new DeleteDomainNameCommand({ domainName: NAME, domainNameId: domain.domainNameId! }))
    assert.deepEqual((await h.client.send(new GetDomainNameAccessAssociationsCommand({}))).items ?? [], [])
  })
})
