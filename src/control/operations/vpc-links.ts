import type { VpcLink } from '../../model/vpc-link.ts'
import { newId } from '../../lib/ids.ts'
import { ApiError, badRequest, conflict, notFound } from '../protocol/errors.ts'
import type { ControlServices, Operation } from '../protocol/operation.ts'
import { paginate } from '../protocol/paging.ts'
import { applyPatch } from '../protocol/patch.ts'
import { optionalString, optionalStringList, optionalStringMap } from './support/input.ts'
import { descriptionRule } from './support/description-rule.ts'
import { malformedArn } from './account-support/resource-arn.ts'
import { interpolateStageVariables } from '../../vtl/aws/stage-variable-template.ts'

/**
 * CreateVpcLink, GetVpcLink(s), UpdateVpcLink, DeleteVpcLink (API Gateway v1).
 *
 * AWS's lifecycle: CreateVpcLink answers 202 with `status: PENDING` while the link is built
 * (minutes on AWS); it becomes `AVAILABLE`, and DeleteVpcLink answers 202 while it is
 * `DELETING`. Locally there is nothing to build: the link is stored PENDING, answered PENDING,
 * and AVAILABLE from the next read on. Its `targetArns` (one NLB ARN, as AWS allows) stand for a
 * local backend: `vpcLinks` in portico.config.json maps each ARN to a URL (config-vpc-links.ts).
 */

const ONE = '/vpclinks/{vpclink_id}'

export const UNKNOWN_VPC_LINK = 'Invalid Vpc Link identifier specified'
export const unknownVpcLink = (): ApiError => notFound(UNKNOWN_VPC_LINK)

/** AWS's quota: VPC links per account and region (v1). */
export const MAX_VPC_LINKS = 20
/** `arn:aws:elasticloadbalancing:{region}:{account}:loadbalancer/net/{name}/{id}` */
const NLB_ARN = /^arn:aws[a-zA-Z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/net\/[a-zA-Z0-9-]{1,32}\/[a-f0-9]+$/

async function findVpcLink(services: ControlServices, id: string): Promise<VpcLink> {
  const link = await services.store.getVpcLink(id)
  if (!link) throw unknownVpcLink()
  // built: a link is PENDING only in CreateVpcLink's own answer
  if (link.status === 'PENDING') {
    const available: VpcLink = { ...link, status: 'AVAILABLE', statusMessage: 'Your vpc link is ready for use' }
    await services.store.updateVpcLink(available)
    return available
  }
  return link
}

function targetArnsOf(body: Record<string, unknown>): string[] {
  const arns = optionalStringList(body, 'targetArns')
  if (arns === undefined || arns.length === 0) throw badRequest('TargetArns must be specified')
  if (arns.length > 1) throw badRequest('Only one target ARN is supported for a VPC link')
  for (const arn of arns) if (!NLB_ARN.test(arn)) throw malformedArn(arn)
  return arns
}

export const vpcLinkOperations: Operation[] = [
  {
    name: 'CreateVpcLink',
    method: 'POST',
    path: '/vpclinks',
    successStatus: 202,
    async handler({ body }, services) {
      const name = optionalString(body, 'name')
      if (name === undefined || name === '') throw badRequest('Name must be specified')
      const targetArns = targetArnsOf(body)
      const description = optionalString(body, 'description')
      const tags = optionalStringMap(body, 'tags')
      if ((await services.store.listVpcLinks()).length >= MAX_VPC_LINKS) {
        throw new ApiError('LimitExceededException', `The maximum number of VPC links (${MAX_VPC_LINKS}) for this account has been reached`)
      }
      const link: VpcLink = {
        id: newId(6),
        name,
        ...(description !== undefined && description !== '' && { description }),
        targetArns,
        status: 'PENDING',
        statusMessage: 'VPC link is provisioning ENIs',
        ...(tags !== undefined && { tags }),
      }
      await services.store.createVpcLink(link)
      return link
    },
  },
  {
    name: 'GetVpcLink',
    method: 'GET',
    path: ONE,
    successStatus: 200,
    async handler({ params }, services) {
      return findVpcLink(services, params.vpclink_id!)
    },
  },
  {
    name: 'GetVpcLinks',
    method: 'GET',
    path: '/vpclinks',
    successStatus: 200,
    async handler({ query }, services) {
      const links = await Promise.all((await services.store.listVpcLinks()).map((link) => findVpcLink(services, link.id)))
      return paginate(links, query)
    },
  },
  {
    name: 'UpdateVpcLink',
    method: 'PATCH',
    path: ONE,
    successStatus: 200,
    async handler({ params, body }, services) {
      const link = await findVpcLink(services, params.vpclink_id!)
      const patched = applyPatch(
        link,
        body.patchOperations,
        [
          {
            path: '/name',
            ops: ['replace'],
            apply(target, { value }) {
              if (typeof value !== 'string' || value === '') throw badRequest('Name must be specified')
              target.name = value
            },
          },
          descriptionRule(),
        ],
        { ops: ['add', 'remove', 'replace'] },
      )
      await services.store.updateVpcLink(patched)
      return patched
    },
  },
  {
    name: 'DeleteVpcLink',
    method: 'DELETE',
    path: ONE,
    successStatus: 202,
    async handler({ params }, services) {
      const id = params.vpclink_id!
      if (!(await services.store.getVpcLink(id))) throw unknownVpcLink()
      const user = await integrationUsing(services, id)
      if (user !== undefined) throw conflict(`Cannot delete vpc link. Vpc link '${id}', is referenced in [${user}] in format of [Method:Resource:Api].`)
      await services.store.deleteVpcLink(id)
      return undefined
    },
  },
]

/**
 * `GET:/pets:abc123` of the first integration that uses the link: its `connectionId` names it, or
 * (Portico's choice: AWS's check of stage-variable references is not documented) resolves to it
 * with one of the API's stages' variables; undefined when none.
 */
async function integrationUsing(services: ControlServices, id: string): Promise<string | undefined> {
  for (const api of await services.store.listRestApis()) {
    const definition = (await services.store.getApi(api.id))?.definition
    let variables: Array<Record<string, string>> | undefined
    for (const resource of definition?.resources ?? []) {
      for (const [verb, method] of Object.entries(resource.resourceMethods ?? {})) {
        const integration = method.methodIntegration
        if (integration?.connectionType !== 'VPC_LINK' || integration.connectionId === undefined) continue
        const connection = integration.connectionId
        let uses = connection === id
        if (!uses && connection.includes('${stageVariables.')) {
          variables ??= (await services.store.listStages(api.id)).map((stage) => stage.variables ?? {})
          uses = variables.some((v) => interpolateStageVariables(connection, v) === id)
        }
        if (uses) return `${verb}:${resource.path}:${api.id}`
      }
    }
  }
  return undefined
}
