/**
 * VPC links (issue 19, item 3) end to end through the AWS CLI: CreateVpcLink answers 202
 * PENDING and the link is AVAILABLE from the next read (AWS builds it for minutes); a private
 * integration (`--connection-type VPC_LINK`, `--connection-id '${stageVariables.vpcLinkId}'`)
 * reaches the local backend the config file maps the link's NLB ARN to, with the integration
 * URI's path, query and Host; a link in use cannot be deleted; an unmapped NLB answers 500.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { usePorticoServe } from '../support/cli.ts'
import { awsApigateway } from '../support/aws-cli.ts'
import { closeServer } from '../support/close-server.ts'

const credentials = { accessKeyId: 'AKIAPORTICOVPCLINKS1', secretAccessKey: 'portico/vpc-links/e2e/secret/0000000000000' }
const NLB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/orders/0123456789abcdef'
const UNMAPPED_NLB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/other/fedcba9876543210'
const work = mkdtempSync(join(tmpdir(), 'portico-vpc-links-'))
let backend: Server
let seen: IncomingMessage | undefined

async function aws(...args: string[]): Promise<Record<string, any>> {
  const result = await awsApigateway({ endpoint: server.url, ...credentials, dir: work }, ...args)
  assert.equal(result.code, 0, result.stderr)
  return result.stdout.trim() === '' ? {} : (JSON.parse(result.stdout) as Record<string, any>)
}

async function awsFails(...args: string[]): Promise<string> {
  const result = await awsApigateway({ endpoint: server.url, ...credentials, dir: work }, ...args)
  assert.notEqual(result.code, 0, result.stdout)
  return result.stderr
}

const configPath = join(work, 'portico.config.json')
const server = usePorticoServe(
  ['--port', '0', '--data-dir', join(work, 'data')],
  { PORTICO_CONFIG: configPath, PORTICO_ADMIN_ACCESS_KEY_ID: credentials.accessKeyId, PORTICO_ADMIN_SECRET_ACCESS_KEY: credentials.secretAccessKey },
  {
    // the config file names the backend's port: written once it listens, read when the process starts
    prepare: async () => {
      backend = createServer((req, res) => {
        seen = req
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ from: 'orders-backend' }))
      })
      await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
      writeFileSync(configPath, JSON.stringify({ vpcLinks: { [NLB]: `http://127.0.0.1:${(backend.address() as AddressInfo).port}` } }))
      return async () => {
        await closeServer(backend)
        rmSync(work, { recursive: true, force: true })
      }
    },
  },
)

describe('VPC links through the AWS CLI', { timeout: 400_000 }, () => {
  let linkId: string
  let apiId: string
  let resourceId: string

  it('create answers PENDING; the link is AVAILABLE from the next read; update and list', async () => {
    const created = await aws('create-vpc-link', '--name', 'orders', '--target-arns', NLB, '--description', 'orders NLB', '--tags', 'team=orders')
    linkId = created.id
    assert.deepEqual({ ...created, id: undefined, statusMessage: undefined }, { id: undefined, name: 'orders', description: 'orders NLB', targetArns: [NLB], status: 'PENDING', statusMessage: undefined, tags: { team: 'orders' } })
    const got = await aws('get-vpc-link', '--vpc-link-id', linkId)
    assert.equal(got.status, 'AVAILABLE')
    const renamed = await aws('update-vpc-link', '--vpc-link-id', linkId, '--patch-operations', 'op=replace,path=/name,value=orders-v2')
    assert.equal(renamed.name, 'orders-v2')
    const all = await aws('get-vpc-links')
    assert.deepEqual(all.items.map((l: { id: string }) => l.id), [linkId])
    assert.match(await awsFails('get-vpc-link', '--vpc-link-id', 'nope00'), /NotFoundException.*Invalid Vpc Link identifier specified/)
    assert.match(await awsFails('create-vpc-link', '--name', 'bad', '--target-arns', 'not-an-arn'), /BadRequestException.*Invalid ARN\. ARN is not well formed not-an-arn/)
  })

  it('a private integration through ${stageVariables.vpcLinkId} reaches the mapped backend with the URI\'s path and Host', async () => {
    apiId = (await aws('create-rest-api', '--name', 'private')).id
    const root = (await aws('get-resources', '--rest-api-id', apiId)).items[0].id as string
    resourceId = (await aws('create-resource', '--rest-api-id', apiId, '--parent-id', root, '--path-part', 'orders')).id
    await aws('put-method', '--rest-api-id', apiId, '--resource-id', resourceId, '--http-method', 'GET', '--authorization-type', 'NONE')
    const integration = await aws(
      'put-integration', '--rest-api-id', apiId, '--resource-id', resourceId, '--http-method', 'GET', '--type', 'HTTP_PROXY', '--integration-http-method', 'GET',
      '--uri', 'http://orders.internal.example:8080/v1/orders', '--connection-type', 'VPC_LINK', '--connection-id', '${stageVariables.vpcLinkId}',
    )
    assert.equal(integration.connectionType, 'VPC_LINK')
    assert.equal(integration.connectionId, '${stageVariables.vpcLinkId}')
    await aws('create-deployment', '--rest-api-id', apiId, '--stage-name', 'prod', '--variables', `vpcLinkId=${linkId}`)
    const res = await fetch(`${server.url}/_aws/execute-api/${apiId}/prod/orders?status=open`)
    assert.equal(res.status, 200)
    assert.deepEqual(await res.json(), { from: 'orders-backend' })
    assert.equal(seen?.url, '/v1/orders?status=open')
    assert.equal(seen?.headers.host, 'orders.internal.example:8080')
  })

  it('a link in use cannot be deleted; an NLB mapped to no local URL answers 500', async () => {
    assert.match(await awsFails('delete-vpc-link', '--vpc-link-id', linkId), /ConflictException/)
    const other = (await aws('create-vpc-link', '--name', 'other', '--target-arns', UNMAPPED_NLB)).id as string
    await aws('create-deployment', '--rest-api-id', apiId, '--stage-name', 'other', '--variables', `vpcLinkId=${other}`)
    const res = await fetch(`${server.url}/_aws/execute-api/${apiId}/other/orders`)
    assert.equal(res.status, 500)
    assert.deepEqual(await res.json(), { message: 'Internal server error' })
    // in use through the stage's variable, until the stage goes
    assert.match(await awsFails('delete-vpc-link', '--vpc-link-id', other), /ConflictException.*GET:\/orders:/)
    await aws('delete-stage', '--rest-api-id', apiId, '--stage-name', 'other')
    await aws('delete-vpc-link', '--vpc-link-id', other)
    assert.match(await awsFails('get-vpc-link', '--vpc-link-id', other), /NotFoundException/)
  })
})
