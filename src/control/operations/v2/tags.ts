import { badRequest, notFound } from '../../protocol/errors.ts'
import type { ControlServices, Operation } from '../../protocol/operation.ts'
import { parseResourceArn } from '../account-support/resource-arn.ts'
import { MAX_TAGS, readTags } from '../tags.ts'
import { changeHttpApi, loadHttpApi, unknownStage } from './v2-access.ts'

/**
 * apigatewayv2's GetTags, TagResource (201 `{}`), UntagResource (204), on
 * `arn:aws:apigateway:{region}::/apis/{apiId}`, `…/apis/{apiId}/stages/{stageName}` and
 * `…/vpclinks/{vpcLinkId}` (v2 links). Tags live on the API, the stage and the link themselves,
 * so GetApi and GetTags agree.
 */

const PATH = '/v2/tags/{resource-arn}'

type Edit = (tags: Record<string, string>) => Record<string, string>

async function withTags(services: ControlServices, arn: string, edit?: Edit): Promise<Record<string, string>> {
  const parsed = parseResourceArn(arn)
  if (parsed.type === 'vpclink') {
    const link = await services.store.getV2VpcLink(parsed.id)
    if (!link) throw notFound(`Invalid resource specified: ${arn}`)
    if (!edit) return link.tags
    const tags = edit(link.tags)
    await services.store.updateV2VpcLink({ ...link, tags })
    return tags
  }
  const path = parsed.type === 'unknown' ? parsed.path : ''
  const stage = /^\/apis\/([^/]+)\/stages\/([^/]+)$/.exec(path)
  if (stage) {
    const [, apiId, stageName] = stage as unknown as [string, string, string]
    await loadHttpApi(services, apiId)
    const stored = await services.store.getStage(apiId, stageName, 'HTTP')
    if (!stored) throw unknownStage(stageName)
    if (!edit) return stored.tags ?? {}
    const tags = edit(stored.tags ?? {})
    await services.store.putStage(apiId, { ...stored, tags })
    return tags
  }
  const api = /^\/apis\/([^/]+)$/.exec(path)
  if (!api) throw notFound(`Invalid resource specified: ${arn}`)
  if (!edit) return (await loadHttpApi(services, api[1]!)).definition.api.tags ?? {}
  return changeHttpApi(services, api[1]!, (definition) => (definition.api.tags = edit(definition.api.tags ?? {})), { deploy: false })
}

export const v2TagOperations: Operation[] = [
  {
    name: 'TagResource',
    method: 'POST',
    path: PATH,
    successStatus: 201,
    async handler({ params, body }, services) {
      const added = readTags(body)
      await withTags(services, params['resource-arn']!, (tags) => {
        const merged = { ...tags, ...added }
        if (Object.keys(merged).length > MAX_TAGS) throw badRequest(`A resource can have at most ${MAX_TAGS} tags`)
        return merged
      })
      return {}
    },
  },
  {
    name: 'UntagResource',
    method: 'DELETE',
    path: PATH,
    successStatus: 204,
    async handler({ params, query }, services) {
      const keys = query.getAll('tagKeys').flatMap((k) => k.split(','))
      if (keys.length === 0) throw badRequest('Tag keys must be specified')
      await withTags(services, params['resource-arn']!, (tags) => {
        const left = { ...tags }
        for (const key of keys) delete left[key]
        return left
      })
      return {}
    },
  },
  {
    name: 'GetTags',
    method: 'GET',
    path: PATH,
    successStatus: 200,
    async handler({ params }, services) {
      return { tags: await withTags(services, params['resource-arn']!) }
    },
  },
]
