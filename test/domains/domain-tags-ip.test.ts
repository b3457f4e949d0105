/**
 * A v1 domain name's ARN takes tags (TagResource / GetTags / UntagResource, seen in
 * GetDomainName too), and UpdateDomainName patches `/endpointConfiguration/ipAddressType`.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CreateDomainNameCommand, GetDomainNameCommand, GetTagsCommand, TagResourceCommand, UntagResourceCommand, UpdateDomainNameCommand } from '@aws-sdk/client-api-gateway'
import { rejects } from '../control/stages-harness.ts'
import { useHttpsPortico } from './harness.ts'

let arn: string

const h = useHttpsPortico({}, async () => {
  const certificate = await h.registerServerCertificate(['tags.example.test'])
  arn = (await h.client.send(new CreateDomainNameCommand({ domainName: 'tags.example.test', regionalCertificateArn: certificate, endpointConfiguration: { types: ['REGIONAL'] }, tags: { team: 'a' } }))).domainNameArn!
})

describe('v1 domain names: tags by ARN, ipAddressType patches', () => {
  it('tags the domain through its domainNameArn', async () => {
    assert.equal(arn, 'arn:aws:apigateway:us-east-1::/domainnames/tags.example.test')
    assert.deepEqual((await h.client.send(new GetTagsCommand({ resourceArn: arn }))).tags, { team: 'a' })
    await h.client.send(new TagResourceCommand({ resourceArn: arn, tags: { env: 'dev' } }))
    assert.deepEqual((await h.client.send(new GetDomainNameCommand({ domainName: 'tags.example.test' }))).tags, { team: 'a', env: 'dev' })
    await h.client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['team', 'env'] }))
    assert.equal((await h.client.send(new GetDomainNameCommand({ domainName: 'tags.example.test' }))).tags, undefined)
    await rejects(() => h.client.send(new GetTagsCommand({ resourceArn: 'arn:aws:apigateway:us-east-1::/domainnames/nope.example.test' })), 'NotFoundException', 404, 'Invalid domain name identifier specified')
  })

  it('UpdateDomainName replaces /endpointConfiguration/ipAddressType; refuses an unknown value', async () => {
    const before = await h.client.send(new GetDomainNameCommand({ domainName: 'tags.example.test' }))
    assert.equal(before.endpointConfiguration?.ipAddressType, 'ipv4')
    const updated = await h.client.send(new UpdateDomainNameCommand({ domainName: 'tags.example.test', patchOperations: [{ op: 'replace', path: '/endpointConfiguration/ipAddressType', value: 'dualstack' }] }))
    assert.deepEqual(updated.endpointConfiguration, { types: ['REGIONAL'], ipAddressType: 'dualstack' })
    await rejects(
      () => h.client.send(new UpdateDomainNameCommand({ domainName: 'tags.example.test', patchOperations: [{ op: 'replace', path: '/endpointConfiguration/ipAddressType', value: 'ipv5' }] })),
      'BadRequestException',
      400,
      'ipAddressType must be either ipv4 or dualstack.',
    )
  })
})
