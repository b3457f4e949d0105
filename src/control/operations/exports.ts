import { yaml as yamlModule } from '../../lib/lazy-modules.ts'
import { exportOpenApi, type ExportExtension } from '../../openapi/index.ts'
import { badRequest } from '../protocol/errors.ts'
import type { Operation, RawResult } from '../protocol/operation.ts'
import { loadStage } from './stages.ts'
import { loadApi } from './support/api-access.ts'

/**
 * GetExport: the OpenAPI 3.0 (`oas30`) or Swagger 2.0 (`swagger`) document of what a stage
 * serves — its deployment's snapshot, not the API's current definition — as JSON or YAML by the
 * Accept header. AWS sends it as `application/octet-stream` with
 * `Content-Disposition: attachment; filename="{type}_{version}.{json|yaml}"` (recorded against AWS).
 */

const EXTENSIONS: readonly ExportExtension[] = ['integrations', 'apigateway', 'authorizers', 'postman']

export const POSTMAN_UNSUPPORTED =
  'Portico does not export Postman extensions (extensions=postman). Export oas30 without them: Postman imports OpenAPI 3.0 documents directly.'

export const exportOperations: Operation[] = [
  {
    name: 'GetExport',
    method: 'GET',
    path: '/restapis/{restapi_id}/stages/{stage_name}/exports/{export_type}',
    successStatus: 200,
    async handler({ params, query, headers }, services): Promise<RawResult> {
      const apiId = params.restapi_id!
      const exportType = params.export_type!
      if (exportType !== 'oas30' && exportType !== 'swagger') throw badRequest(`Invalid export type specified: ${exportType}. Must be one of: [oas30, swagger]`)
      const yaml = wantsYaml(headers.accept)
      const extensions = (query.get('extensions') ?? '')
        .split(',')
        .map((e) => e.trim())
        .filter((e) => e !== '')
      for (const e of extensions) {
        if (!(EXTENSIONS as readonly string[]).includes(e)) throw badRequest(`Invalid extensions specified: ${e}. Must be one of: [${EXTENSIONS.join(', ')}]`)
      }
      // AWS adds Postman's extensions to the document; Portico says so rather than answer a document without them
      if (extensions.includes('postman')) throw badRequest(POSTMAN_UNSUPPORTED)
      const stage = await loadStage(services, apiId, params.stage_name!)
      const snapshot = await services.store.getDeploymentSnapshot(apiId, stage.deploymentId)
      const documentation = stage.documentationVersion === undefined ? undefined : (await loadApi(services, apiId)).definition.documentationVersions?.find((v) => v.version === stage.documentationVersion)
      if (snapshot?.protocol !== 'REST') throw new Error(`stage ${stage.stageName} points at missing deployment ${stage.deploymentId}`)
      const doc = exportOpenApi(snapshot, {
        format: exportType,
        stageName: stage.stageName,
        stageVariables: stage.variables ?? {},
        extensions: extensions as ExportExtension[],
        host: `${apiId}.execute-api.${services.config.region}.amazonaws.com`,
        ...(documentation && { documentation }),
      })
      const version = (doc.info as { version?: string } | undefined)?.version ?? ''
      const body = yaml ? yamlModule().stringify(doc) : JSON.stringify(doc, null, 2)
      return {
        raw: true,
        contentType: 'application/octet-stream',
        body,
        headers: { 'Content-Disposition': `attachment; filename="${exportType}_${version}.${yaml ? 'yaml' : 'json'}"` },
      }
    },
  },
]

function wantsYaml(accept: string | undefined): boolean {
  if (!accept) return false
  const first = accept.split(',')[0]!.split(';')[0]!.trim().toLowerCase()
  if (first === 'application/yaml' || first === 'application/x-yaml' || first === 'text/yaml') return true
  if (first === 'application/json' || first === '*/*' || first === '') return false
  throw badRequest(`Invalid Accept header specified: ${accept}. Must be one of: [application/json, application/yaml]`)
}
