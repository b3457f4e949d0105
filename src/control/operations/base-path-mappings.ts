import type { BasePathMapping, DomainRecord } from '../../model/domain.ts'
import { badRequest, conflict, notFound, type ApiError } from '../protocol/errors.ts'
import type { ControlServices, Operation } from '../protocol/operation.ts'
import { paginate } from '../protocol/paging.ts'
import { applyPatch } from '../protocol/patch.ts'
import { optionalString, requiredString } from './support/input.ts'
import { findDomain } from '../domains/domain-access.ts'
import { newId } from '../../lib/ids.ts'
import { deleteMapping, putMapping } from './support/domain-store.ts'
import { checkPrivateTarget } from '../domains/private-domains.ts'

/**
 * CreateBasePathMapping, GetBasePathMapping(s), UpdateBasePathMapping, DeleteBasePathMapping.
 * The empty base path is AWS's `(none)` on the wire and in URLs; a multi-level base path
 * (`v1/admin`) is allowed on REGIONAL domains with TLS_1_2, as AWS allows it. A request takes the
 * longest base path that is a whole-segment prefix of its path (data/resolve.ts). A PRIVATE
 * domain's mappings are addressed with its `domainNameId` and name PRIVATE REST APIs only.
 */

const LIST = '/domainnames/{domain_name}/basepathmappings'
const ONE = `${LIST}/{base_path}`
const NONE = '(none)'
/** one segment of a base path: AWS's mapping key characters, less `/` */
const SEGMENT = /^[A-Za-z0-9$\-_.+!*'()]+$/

const unknownMapping = (): ApiError => notFound('Invalid base path mapping identifier specified')
const basePathTaken = (): ApiError => conflict('Base path already exists for this domain name')

/** `(none)` and `''` are the empty base path; slashes at either end are dropped */
export function basePathOf(value: string | undefined, domain: DomainRecord): string {
  if (value === undefined || value === '' || value === NONE) return ''
  const path = value.replace(/^\/+|\/+$/g, '')
  const segments = path.split('/')
  if (path.length > 300 || !segments.every((s) => SEGMENT.test(s))) throw badRequest(`Invalid base path: ${value}`)
  if (segments.length > 1 && (!domain.domain.endpointConfiguration.types.includes('REGIONAL') || domain.domain.securityPolicy !== 'TLS_1_2')) {
    throw badRequest('Multi-level base paths are only supported on REGIONAL domain names with security policy TLS_1_2')
  }
  return path
}

/** the mapping on the wire: `(none)` for the empty base path */
function render({ apiMappingId: _id, ...mapping }: BasePathMapping): BasePathMapping {
  return { ...mapping, basePath: mapping.basePath === '' ? NONE : mapping.basePath }
}

async function checkTarget(services: ControlServices, restApiId: string, stage: string | undefined): Promise<void> {
  if (!(await services.store.getApi(restApiId))) throw badRequest('Invalid REST API identifier specified')
  if (stage !== undefined && !(await services.store.getStage(restApiId, stage))) throw badRequest('Invalid stage identifier specified')
}

function indexOf(record: DomainRecord, rawBasePath: string): number {
  const basePath = rawBasePath === NONE ? '' : rawBasePath.replace(/^\/+|\/+$/g, '')
  const at = record.mappings.findIndex((m) => m.basePath === basePath)
  if (at < 0) throw unknownMapping()
  return at
}

export const basePathMappingOperations: Operation[] = [
  {
    name: 'CreateBasePathMapping',
    method: 'POST',
    path: LIST,
    successStatus: 201,
    async handler({ params, body, query }, services) {
      const record = await findDomain(services, params.domain_name!, query.get('domainNameId'))
      const basePath = basePathOf(optionalString(body, 'basePath'), record)
      const restApiId = requiredString(body, 'restApiId', 'Invalid REST API identifier specified')
      const stageText = optionalString(body, 'stage')
      const stage = stageText === undefined || stageText === '' || stageText === NONE ? undefined : stageText
      await checkTarget(services, restApiId, stage)
      await checkPrivateTarget(services, record, restApiId)
      const mapping: BasePathMapping = { basePath, restApiId, ...(stage !== undefined && { stage }), apiMappingId: newId(6) }
      await putMapping(services, record, mapping, undefined, basePathTaken)
      return render(mapping)
    },
  },
  {
    name: 'GetBasePathMapping',
    method: 'GET',
    path: ONE,
    successStatus: 200,
    async handler({ params, query }, services) {
      const record = await findDomain(services, params.domain_name!, query.get('domainNameId'))
      return render(record.mappings[indexOf(record, params.base_path!)]!)
    },
  },
  {
    name: 'GetBasePathMappings',
    method: 'GET',
    path: LIST,
    successStatus: 200,
    async handler({ params, query }, services) {
      return paginate((await findDomain(services, params.domain_name!, query.get('domainNameId'))).mappings.map(render), query)
    },
  },
  {
    name: 'UpdateBasePathMapping',
    method: 'PATCH',
    path: ONE,
    successStatus: 200,
    async handler({ params, body, query }, services) {
      const record = await findDomain(services, params.domain_name!, query.get('domainNameId'))
      const at = indexOf(record, params.base_path!)
      const patched = applyPatch(
        record.mappings[at]!,
        body.patchOperations,
        [
          { path: '/basePath', ops: ['replace'], apply: (target, { value }) => void (target.basePath = basePathOf(typeof value === 'string' ? value : undefined, record)) },
          { path: '/restapiId', ops: ['replace'], apply: (target, { value }) => void (target.restApiId = String(value ?? '')) },
          {
            path: '/stage',
            ops: ['replace'],
            apply(target, { value }) {
              if (typeof value === 'string' && value !== '' && value !== NONE) target.stage = value
              else delete target.stage
            },
          },
        ],
        { ops: ['replace'] },
      )
      await checkTarget(services, patched.restApiId, patched.stage)
      await checkPrivateTarget(services, record, patched.restApiId)
      await putMapping(services, record, patched, at, basePathTaken)
      return render(patched)
    },
  },
  {
    name: 'DeleteBasePathMapping',
    method: 'DELETE',
    path: ONE,
    successStatus: 202,
    async handler({ params, query }, services) {
      const record = await findDomain(services, params.domain_name!, query.get('domainNameId'))
      const at = indexOf(record, params.base_path!)
      await deleteMapping(services, record, at)
      return undefined
    },
  },
]
