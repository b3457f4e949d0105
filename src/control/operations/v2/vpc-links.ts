import type { V2VpcLink } from '../../../model/v2-vpc-link.ts'
import { newId } from '../../../lib/ids.ts'
import { type ApiError, badRequest, notFound } from '../../protocol/errors.ts'
import type { ControlServices, Operation } from '../../protocol/operation.ts'
import { paginateItems } from '../../protocol/paging.ts'
import { optionalString, optionalStringList, optionalStringMap } from '../support/input.ts'
import { interpolateStageVariables } from '../../../vtl/aws/stage-variable-template.ts'

/**
 * apigatewayv2 CreateVpcLink (201), GetVpcLinks, GetVpcLink, UpdateVpcLink (name only),
 * DeleteVpcLink (**202**, `{}`; a link a route's private integration uses → 400, AWS's text) [BOTO]. Kept apart from v1 links (their own table): v2 lists show
 * only v2 links, as on AWS. AWS's lifecycle is mirrored as for v1 links (vpc-links.ts): the
 * link is `PENDING` in CreateVpcLink's answer and `AVAILABLE` from the next read on (there is
 * nothing to build locally). Subnets and security groups are stored as given; where requests
 * through the link go is each private integration's `integrationUri`, which the config file's
 * `vpcLinks` maps to a local URL.
 */

const LINKS = '/v2/vpclinks'
const ONE = `${LINKS}/{vpcLinkId}`

/** AWS's quota: VPC links (v2) per account and region ([DG:limits]). */
export const MAX_V2_VPC_LINKS = 10

const missing = (member: string): ApiError => badRequest(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`)

export const unknownV2VpcLink = (id: string): ApiError => notFound(`Invalid VpcLink identifier specified ${id}`)

/** The link as it is now: a link is PENDING only in CreateVpcLink's own answer. */
export async function findV2VpcLink(services: ControlServices, id: string): Promise<V2VpcLink> {
  const link = await services.store.getV2VpcLink(id)
  if (!link) throw unknownV2VpcLink(id)
  if (link.vpcLinkStatus !== 'PENDING') return link
  const available: V2VpcLink = { ...link, vpcLinkStatus: 'AVAILABLE', vpcLinkStatusMessage: 'VPC link is ready to route traffic' }
  await services.store.updateV2VpcLink(available)
  return available
}

/**
 * Where HTTP APIs' private integrations use the link: `{integrationMethod}:{routeId}` for each
 * route targeting such an integration (the one AWS capture shows `ANY:{7-character id}`), by id
 * or through a stage's variables.
 */
async function routesUsing(services: ControlServices, id: string): Promise<string[]> {
  const users: string[] = []
  for (const api of (await services.store.listV2Apis()).filter((a) => a.protocolType === 'HTTP')) {
    const definition = (await services.store.getApi(api.apiId, 'HTTP'))?.definition
    let variables: Array<Record<string, string>> | undefined
    for (const integration of definition?.integrations ?? []) {
      if (integration.connectionType !== 'VPC_LINK' || integration.connectionId === undefined) continue
      const connection = integration.connectionId
      let uses = connection === id
      if (!uses && connection.includes('${stageVariables.')) {
        variables ??= (await services.store.listStages(api.apiId, 'HTTP')).map((stage) => stage.stageVariables ?? {})
        uses = variables.some((v) => interpolateStageVariables(connection, v) === id)
      }
      if (!uses) continue
      for (const route of definition!.routes) if (route.target === `integrations/${integration.integrationId}`) users.push(`${integration.integrationMethod ?? 'ANY'}:${route.routeId}`)
    }
  }
  return users
}

function checkName(name: string): string {
  if (name.length < 1 || name.length > 128) throw badRequest('Name must be between 1 and 128 characters')
  return name
}

export const v2VpcLinkOperations: Operation[] = [
  {
    name: 'CreateVpcLink',
    method: 'POST',
    path: LINKS,
    successStatus: 201,
    async handler({ body }, services) {
      const name = optionalString(body, 'name')
      if (name === undefined) throw missing('name')
      const subnetIds = optionalStringList(body, 'subnetIds')
      if (subnetIds === undefined) throw missing('subnetIds')
      if (subnetIds.length > 10) throw badRequest('A VPC link can have at most 10 subnets')
      if ((await services.store.listV2VpcLinks()).length >= MAX_V2_VPC_LINKS) {
        throw badRequest(`Maximum number of VPC links (${MAX_V2_VPC_LINKS}) reached for this account and region`)
      }
      const link: V2VpcLink = {
        vpcLinkId: newId(6),
        name: checkName(name),
        securityGroupIds: optionalStringList(body, 'securityGroupIds') ?? [],
        subnetIds,
        tags: optionalStringMap(body, 'tags') ?? {},
        createdDate: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        vpcLinkStatus: 'PENDING',
        vpcLinkStatusMessage: 'VPC link is provisioning ENIs',
        vpcLinkVersion: 'V2',
      }
      await services.store.createV2VpcLink(link)
      return link
    },
  },
  {
    name: 'GetVpcLinks',
    method: 'GET',
    path: LINKS,
    successStatus: 200,
    async handler({ query }, services) {
      const links = await Promise.all((await services.store.listV2VpcLinks()).map((link) => findV2VpcLink(services, link.vpcLinkId)))
      return paginateItems(links, query)
    },
  },
  {
    name: 'GetVpcLink',
    method: 'GET',
    path: ONE,
    successStatus: 200,
    handler: ({ params }, services) => findV2VpcLink(services, params.vpcLinkId!),
  },
  {
    name: 'UpdateVpcLink',
    method: 'PATCH',
    path: ONE,
    successStatus: 200,
    async handler({ params, body }, services) {
      const link = await findV2VpcLink(services, params.vpcLinkId!)
      const name = optionalString(body, 'name')
      const updated: V2VpcLink = { ...link, ...(name !== undefined && { name: checkName(name) }) }
      await services.store.updateV2VpcLink(updated)
      return updated
    },
  },
  {
    name: 'DeleteVpcLink',
    method: 'DELETE',
    path: ONE,
    successStatus: 202,
    async handler({ params }, services) {
      const id = params.vpcLinkId!
      if (!(await services.store.getV2VpcLink(id))) throw unknownV2VpcLink(id)
      const users = await routesUsing(services, id)
      // AWS's text ([GH hashicorp/terraform-provider-aws#12195]: `… is referenced in [ANY:qtfgl2b] in format of [Method:Resource].`)
      if (users.length > 0) throw badRequest(`Cannot delete vpc link. Vpc link '${id}', is referenced in [${users.join(', ')}] in format of [Method:Resource].`)
      await services.store.deleteV2VpcLink(id)
      return {}
    },
  },
]
