import { badRequest, notFound, type ApiError } from '../protocol/errors.ts'
import type { ControlServices, Operation } from '../protocol/operation.ts'
import { requiredString, serializationError } from './support/input.ts'
import { changeApi, requireRestApi } from './support/api-access.ts'
import { parseResourceArn, type TaggedResource } from './account-support/resource-arn.ts'
import { unknownApiKey } from './api-keys.ts'
import { UNKNOWN_USAGE_PLAN } from './usage-plans.ts'
import { unknownVpcLink } from './vpc-links.ts'
import { unknownClientCertificate } from './client-certificates.ts'
import { unknownDomainName } from '../domains/domain-access.ts'

/**
 * TagResource, UntagResource, GetTags. Tags live on the tagged object itself (RestApi, Stage,
 * ApiKey, UsagePlan, ClientCertificate, VpcLink, DomainName), so GetRestApi and GetTags always agree.
 */

const PATH = '/tags/{resource_arn}'

// AWS's limits on tags (per resource, key and value lengths)
export const MAX_TAGS = 50
const MAX_KEY = 128
const MAX_VALUE = 256

const unknownStage = () => notFound('Invalid stage identifier specified')

function unknownResource(resource: TaggedResource, services: ControlServices): ApiError {
  switch (resource.type) {
    case 'restapi':
      return notFound(`Invalid API identifier specified ${services.config.accountId}:${resource.apiId}`)
    case 'stage':
      return unknownStage()
    case 'apikey':
      return unknownApiKey()
    case 'usageplan':
      return notFound(UNKNOWN_USAGE_PLAN)
    case 'clientcertificate':
      return unknownClientCertificate()
    case 'vpclink':
      return unknownVpcLink()
    case 'domainname':
      return unknownDomainName()
    case 'unknown':
      return notFound(`Invalid resource specified: ${resource.path}`)
  }
}

type Edit = (tags: Record<string, string>) => Record<string, string>

/** reads (edit undefined) or changes the tags of the resource `arn` names; answers its tags */
async function withTags(services: ControlServices, arn: string, edit?: Edit): Promise<Record<string, string>> {
  const resource = parseResourceArn(arn)
  const store = services.store
  const missing = () => unknownResource(resource, services)
  switch (resource.type) {
    case 'restapi': {
      if (!edit) return (await requireRestApi(services, resource.apiId)).tags ?? {}
      return changeApi(services, resource.apiId, (definition) => {
        const tags = edit(definition.restApi.tags ?? {})
        if (Object.keys(tags).length === 0) delete definition.restApi.tags
        else definition.restApi.tags = tags
        return tags
      })
    }
    case 'stage': {
      await requireRestApi(services, resource.apiId)
      const stage = await store.getStage(resource.apiId, resource.stageName)
      if (!stage) throw missing()
      if (!edit) return stage.tags ?? {}
      const tags = edit(stage.tags ?? {})
      await store.putStage(resource.apiId, { ...stage, tags })
      return tags
    }
    case 'apikey': {
      const key = await store.getApiKey(resource.id)
      if (!key) throw missing()
      if (!edit) return key.tags ?? {}
      const tags = edit(key.tags ?? {})
      await store.updateApiKey({ ...key, tags }, key)
      return tags
    }
    case 'usageplan': {
      const plan = await store.getUsagePlan(resource.id)
      if (!plan) throw missing()
      if (!edit) return plan.tags ?? {}
      const tags = edit(plan.tags ?? {})
      await store.updateUsagePlan({ ...plan, tags }, plan)
      return tags
    }
    case 'clientcertificate': {
      const certificate = await store.getClientCertificate(resource.id)
      if (!certificate) throw missing()
      if (!edit) return certificate.tags ?? {}
      const tags = edit(certificate.tags ?? {})
      await store.updateClientCertificate({ ...certificate, tags }, certificate)
      return tags
    }
    case 'vpclink': {
      const link = await store.getVpcLink(resource.id)
      if (!link) throw missing()
      if (!edit) return link.tags ?? {}
      const tags = edit(link.tags ?? {})
      await store.updateVpcLink({ ...link, tags })
      return tags
    }
    case 'domainname': {
      const record = await store.getDomainName(resource.domainName)
      if (!record) throw missing()
      if (!edit) return record.domain.tags ?? {}
      const tags = edit(record.domain.tags ?? {})
      const { tags: _old, ...domain } = record.domain
      await store.updateDomainName({ ...record, domain: Object.keys(tags).length === 0 ? domain : { ...domain, tags } })
      return tags
    }
    case 'unknown':
      throw missing()
  }
}

export function readTags(body: Record<string, unknown>): Record<string, string> {
  const raw = body.tags
  if (raw === undefined || raw === null) throw badRequest('Tags must be specified')
  if (typeof raw !== 'object' || Array.isArray(raw)) throw serializationError('tags')
  const tags: Record<string, string> = {}
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof value !== 'string') throw serializationError(`tags.${key}`)
    if (key.length === 0 || key.length > MAX_KEY) throw badRequest(`Tag key must be between 1 and ${MAX_KEY} characters: '${key}'`)
    if (value.length > MAX_VALUE) throw badRequest(`Tag value must be at most ${MAX_VALUE} characters (key '${key}')`)
    if (key.toLowerCase().startsWith('aws:')) throw badRequest(`Tag keys starting with 'aws:' are reserved: '${key}'`)
    tags[key] = value
  }
  return tags
}

export const tagOperations: Operation[] = [
  {
    name: 'TagResource',
    method: 'PUT',
    path: PATH,
    successStatus: 204,
    async handler({ params, body }, services) {
      requiredString(params, 'resource_arn', 'Resource ARN must be specified')
      const added = readTags(body)
      await withTags(services, params.resource_arn!, (tags) => {
        const merged = { ...tags, ...added }
        if (Object.keys(merged).length > MAX_TAGS) throw badRequest(`A resource can have at most ${MAX_TAGS} tags`)
        return merged
      })
      return undefined
    },
  },
  {
    name: 'UntagResource',
    method: 'DELETE',
    path: PATH,
    successStatus: 204,
    async handler({ params, query }, services) {
      // the SDKs repeat the parameter; a comma-separated list is accepted too
      const keys = query.getAll('tagKeys').flatMap((k) => k.split(','))
      if (keys.length === 0) throw badRequest('Tag keys must be specified')
      await withTags(services, params.resource_arn!, (tags) => {
        const left = { ...tags }
        for (const key of keys) delete left[key]
        return left
      })
      return undefined
    },
  },
  {
    name: 'GetTags',
    method: 'GET',
    path: PATH,
    successStatus: 200,
    async handler({ params }, services) {
      return { tags: await withTags(services, params.resource_arn!) }
    },
  },
]
