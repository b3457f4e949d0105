/**
 * AWS's private custom domain tutorial (apigateway-private-custom-domains-tutorial) with the real
 * AWS CLI and curl: create-domain-name PRIVATE with a policy file, create-base-path-mapping with
 * --domain-name-id, create-domain-name-access-association, then curl over TLS through the VPC
 * endpoint listener with --resolve (the endpoint presents the domain's certificate by SNI); delete
 * the association (403 after, over the default certificate) and the domain. `portico domain ls`
 * shows the private domain's id and mappings.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CreateDeploymentCommand, UpdateRestApiCommand } from '@aws-sdk/client-api-gateway'
import { curl } from '../support/curl.ts'
import { awsApigateway, type AwsCliTarget } from '../support/aws-cli.ts'
import { useStarted } from '../control/harness.ts'
import { editApi, seedApi } from '../control/stages-harness.ts'
import { startTlsVpcePortico } from './harness.ts'
import { porticoAsync } from '../support/cli.ts'

const VPCE = 'vpce-0abcd1234'
const NAME = 'private.example.test'

async function cli(target: AwsCliTarget, ...args: string[]): Promise<Record<string, unknown>> {
  const result = await awsApigateway(target, ...args)
  assert.equal(result.code, 0, `${args[0]}: ${result.stderr}`)
  return result.stdout.trim() === '' ? {} : (JSON.parse(result.stdout) as Record<string, unknown>)
}

describe('the private custom domain tutorial with the AWS CLI', () => {
  // the default certificate does not name the domain: curl checks that the endpoint presents the domain's own
  const h = useStarted(() => startTlsVpcePortico(`${VPCE}=https://127.0.0.1:0`))

  it('creates, maps, associates and invokes a private custom domain, then cleans up', async () => {
    const target: AwsCliTarget = { endpoint: h.portico.url, accessKeyId: h.portico.admin.accessKeyId, secretAccessKey: h.portico.admin.secretAccessKey, dir: h.dir }
    const apiId = (await seedApi(h.portico, 'tutorial')).apiId
    await editApi(h.portico, apiId, (d) => void (d.restApi.endpointConfiguration = { types: ['PRIVATE'], ipAddressType: 'dualstack' }))
    const allowVpce = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: ['execute-api:/*'] },
        { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: ['execute-api:/*'], Condition: { StringNotEquals: { 'aws:SourceVpce': VPCE } } },
      ],
    })
    await h.client.send(new UpdateRestApiCommand({ restApiId: apiId, patchOperations: [{ op: 'replace', path: '/policy', value: allowVpce }] }))
    await h.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }))
    const certificateArn = await h.registerServerCertificate([NAME])
    writeFileSync(join(h.dir, 'policy.json'), allowVpce)

    const domain = await cli(target, 'create-domain-name', '--domain-name', NAME, '--certificate-arn', certificateArn, '--security-policy', 'TLS_1_2', '--endpoint-configuration', '{"types":["PRIVATE"]}', '--policy', `file://${join(h.dir, 'policy.json')}`)
    const id = domain.domainNameId as string
    assert.equal(domain.domainNameArn, `arn:aws:apigateway:us-east-1:${h.portico.config.accountId}:/domainnames/${NAME}+${id}`)
    const mapping = await cli(target, 'create-base-path-mapping', '--domain-name-id', id, '--domain-name', NAME, '--rest-api-id', apiId, '--stage', 'prod', '--base-path', 'v1')
    assert.deepEqual(mapping, { basePath: 'v1', restApiId: apiId, stage: 'prod' })
    const association = await cli(target, 'create-domain-name-access-association', '--domain-name-arn', domain.domainNameArn as string, '--access-association-source', VPCE, '--access-association-source-type', 'VPCE')
    assert.equal(association.domainNameAccessAssociationArn, `arn:aws:apigateway:us-east-1:${h.portico.config.accountId}:/domainnameaccessassociations/domainname/${NAME}+${id}/vpcesource/${VPCE}`)
    const listed = await cli(target, 'get-domain-name-access-associations', '--resource-owner', 'SELF')
    assert.deepEqual((listed.items as unknown[]).length, 1)
    await h.portico.settled()

    const port = new URL(h.portico.vpceUrls[VPCE]!).port
    const through = ['--cacert', h.ca.caFile, '--resolve', `${NAME}:${port}:127.0.0.1`, `https://${NAME}:${port}/v1/pets/5`]
    assert.deepEqual((await curl(...through)).stdout.split('\n'), ['{"petId": "5"}', '200'])

    const listing = await porticoAsync(['domain', 'ls', '--data-dir', h.dir, '--endpoint-url', h.portico.url], { AWS_ACCESS_KEY_ID: target.accessKeyId, AWS_SECRET_ACCESS_KEY: target.secretAccessKey })
    assert.equal(listing.code, 0, listing.stderr)
    assert.match(listing.stdout, new RegExp(`^${NAME.replace(/\./g, '\\.')} \\(id ${id}\\) {2}PRIVATE TLS_1_2$`, 'm'))
    assert.match(listing.stdout, new RegExp(`^ {2}v1 → ${apiId} prod$`, 'm'))

    await cli(target, 'delete-domain-name-access-association', '--domain-name-access-association-arn', association.domainNameAccessAssociationArn as string)
    await h.portico.settled()
    // without an association the endpoint presents the default certificate, which does not name the domain
    assert.notEqual((await curl(...through)).code, 0)
    assert.deepEqual((await curl('--insecure', ...through)).stdout.split('\n'), ['{"message":"Forbidden"}', '403'])
    await cli(target, 'delete-domain-name', '--domain-name', NAME, '--domain-name-id', id)
    const gone = await awsApigateway(target, 'get-domain-name', '--domain-name', NAME, '--domain-name-id', id)
    assert.match(gone.stderr, /NotFoundException/)
  })
})
