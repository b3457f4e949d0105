import type { DocumentationVersion, RestApiDefinition } from '../../model/index.ts'
import { badRequest, conflict, notFound } from '../protocol/errors.ts'
import type { Operation } from '../protocol/operation.ts'
import { applyPatch, type PatchRule } from '../protocol/patch.ts'
import { paginate } from '../protocol/paging.ts'
import { changeApi, loadApi, storeError } from './support/api-access.ts'
import { optionalString } from './support/input.ts'
import { withStageLock } from './support/stage-lock.ts'
import { loadStage } from './stages.ts'

/**
 * CreateDocumentationVersion, GetDocumentationVersion(s), UpdateDocumentationVersion,
 * DeleteDocumentationVersion. A version is a snapshot of the API's documentation parts at
 * creation; a stage publishes one through its `documentationVersion` (GetExport, GetSdk).
 */

const API = '/restapis/{restapi_id}/documentation/versions'
const ONE = `${API}/{doc_version}`

const unknownVersion = () => notFound('Invalid Documentation version identifier specified')

function findVersion(definition: RestApiDefinition, version: string): DocumentationVersion {
  const found = definition.documentationVersions?.find((v) => v.version === version)
  if (!found) throw unknownVersion()
  return found
}

export function renderVersion(version: DocumentationVersion): Record<string, unknown> {
  return {
    version: version.version,
    createdDate: version.createdDate,
    ...(version.description !== undefined && { description: version.description }),
  }
}

const PATCH_RULES: PatchRule<DocumentationVersion>[] = [
  {
    path: '/description',
    ops: ['replace'],
    apply(version, change) {
      const text = change.value as string | undefined
      if (text === undefined || text === '') delete version.description
      else version.description = text
    },
  },
]

export const documentationVersionOperations: Operation[] = [
  {
    name: 'CreateDocumentationVersion',
    method: 'POST',
    path: API,
    successStatus: 201,
    async handler({ params, body }, services) {
      const apiId = params.restapi_id!
      const versionId = optionalString(body, 'documentationVersion')
      if (versionId === undefined || versionId.trim() === '') throw badRequest('Documentation version must not be blank')
      const description = optionalString(body, 'description')
      const stageName = optionalString(body, 'stageName')
      const create = async () => {
        const stage = stageName === undefined ? undefined : await loadStage(services, apiId, stageName)
        const rendered = await changeApi(services, apiId, (definition) => {
          const versions = (definition.documentationVersions ??= [])
          if (versions.some((v) => v.version === versionId)) throw conflict(`Documentation version already exists: ${versionId}`)
          const version: DocumentationVersion = {
            version: versionId,
            createdDate: services.now(),
            ...(description !== undefined && description !== '' && { description }),
            parts: structuredClone(definition.documentationParts ?? []),
          }
          versions.push(version)
          return renderVersion(version)
        })
        if (stage) {
          try {
            await services.store.putStage(apiId, { ...stage, documentationVersion: versionId, lastUpdatedDate: services.now() })
          } catch (error) {
            throw storeError(error)
          }
        }
        return rendered
      }
      return stageName === undefined ? create() : withStageLock(apiId, stageName, create)
    },
  },
  {
    name: 'GetDocumentationVersions',
    method: 'GET',
    path: API,
    successStatus: 200,
    async handler({ params, query }, services) {
      const { definition } = await loadApi(services, params.restapi_id!)
      return paginate((definition.documentationVersions ?? []).map(renderVersion), query)
    },
  },
  {
    name: 'GetDocumentationVersion',
    method: 'GET',
    path: ONE,
    successStatus: 200,
    async handler({ params }, services) {
      const { definition } = await loadApi(services, params.restapi_id!)
      return renderVersion(findVersion(definition, params.doc_version!))
    },
  },
  {
    name: 'UpdateDocumentationVersion',
    method: 'PATCH',
    path: ONE,
    successStatus: 200,
    async handler({ params, body }, services) {
      return changeApi(services, params.restapi_id!, (definition) => {
        const version = findVersion(definition, params.doc_version!)
        const patched = applyPatch(version, body.patchOperations, PATCH_RULES)
        if (patched.description === undefined) delete version.description
        Object.assign(version, patched)
        return renderVersion(version)
      })
    },
  },
  {
    name: 'DeleteDocumentationVersion',
    method: 'DELETE',
    path: ONE,
    successStatus: 202,
    async handler({ params }, services) {
      const apiId = params.restapi_id!
      const versionId = params.doc_version!
      // a stage that publishes the version would export documentation that no longer exists
      const users = (await services.store.listStages(apiId)).filter((s) => s.documentationVersion === versionId)
      return changeApi(services, apiId, (definition) => {
        findVersion(definition, versionId)
        if (users.length > 0) {
          throw conflict(`Documentation version ${versionId} is used by stage(s) ${users.map((s) => s.stageName).join(', ')}; associate them with another version first`)
        }
        definition.documentationVersions = definition.documentationVersions!.filter((v) => v.version !== versionId)
        return {}
      })
    },
  },
]
