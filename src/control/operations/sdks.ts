import { findSdkType, generateSdk, missingParameters, NOT_GENERATED, NothingToGenerateError, SDK_TYPES, SdkParameterError, type GeneratedSdkType } from '../../sdk/index.ts'
import type { IncomingHttpHeaders } from 'node:http'
import { badRequest, notFound } from '../protocol/errors.ts'
import type { ControlServices, Operation, RawResult } from '../protocol/operation.ts'
import { paginate } from '../protocol/paging.ts'
import { loadApi } from './support/api-access.ts'
import { loadStage } from './stages.ts'

/**
 * GetSdk, GetSdkTypes, GetSdkType. GetSdk generates a client for what a stage serves (its
 * deployment's snapshot) with the stage's documentation version (else the API's current parts)
 * as doc comments, and answers the zip as AWS does: `application/octet-stream`,
 * `Content-Disposition: attachment; filename="{type}_{yyyy-MM-dd_HH-mm}Z.zip"`.
 */

export const sdkOperations: Operation[] = [
  {
    name: 'GetSdk',
    method: 'GET',
    path: '/restapis/{restapi_id}/stages/{stage_name}/sdks/{sdk_type}',
    successStatus: 200,
    async handler({ params, query, headers }, services): Promise<RawResult> {
      const apiId = params.restapi_id!
      const typeId = params.sdk_type!
      const stage = await loadStage(services, apiId, params.stage_name!)
      const type = findSdkType(typeId)
      if (!type) {
        const known = SDK_TYPES.map((t) => t.id)
        const why = (NOT_GENERATED as readonly string[]).includes(typeId) ? `Portico does not generate ${typeId} SDKs yet` : `Invalid SDK type specified: ${typeId}`
        throw badRequest(`${why}. Must be one of: [${known.join(', ')}]`)
      }
      const parameters = Object.fromEntries([...query].filter(([k]) => k !== 'invokeUrl'))
      const missing = missingParameters(type, parameters)
      if (missing.length > 0) throw badRequest(`Missing required SDK parameter(s) for ${typeId}: ${missing.join(', ')}`)
      const snapshot = await services.store.getDeploymentSnapshot(apiId, stage.deploymentId)
      if (snapshot?.protocol !== 'REST') throw new Error(`stage ${stage.stageName} points at missing deployment ${stage.deploymentId}`)
      const { definition } = await loadApi(services, apiId)
      const version = definition.documentationVersions?.find((v) => v.version === stage.documentationVersion)
      const documentation = version?.parts ?? definition.documentationParts ?? []
      let zip: Buffer
      try {
        zip = generateSdk(typeId as GeneratedSdkType, snapshot, documentation, {
          stageName: stage.stageName,
          invokeUrl: query.get('invokeUrl') ?? invokeUrl(services, headers, apiId, stage.stageName),
          region: services.config.region,
          parameters,
        })
      } catch (error) {
        if (error instanceof NothingToGenerateError || error instanceof SdkParameterError) throw badRequest(error.message)
        throw error
      }
      return {
        raw: true,
        contentType: 'application/octet-stream',
        body: zip,
        headers: { 'Content-Disposition': `attachment; filename="${typeId}_${stamp(services.now())}Z.zip"` },
      }
    },
  },
  {
    name: 'GetSdkTypes',
    method: 'GET',
    path: '/sdktypes',
    successStatus: 200,
    async handler({ query }) {
      return paginate(SDK_TYPES, query)
    },
  },
  {
    name: 'GetSdkType',
    method: 'GET',
    path: '/sdktypes/{sdktype_id}',
    successStatus: 200,
    async handler({ params }) {
      const type = findSdkType(params.sdktype_id!)
      if (!type) throw notFound('Invalid SDK type specified')
      return type
    },
  },
]

/**
 * The stage's path-style invoke URL on the Portico the caller reached: the management API and
 * the gateway share a host (and a port, unless `--admin-port` splits them).
 */
function invokeUrl(services: ControlServices, headers: IncomingHttpHeaders, apiId: string, stageName: string): string {
  const host = headers.host ?? `${services.config.host}:${services.config.port}`
  const authority = services.config.adminPort === undefined ? host : `${host.replace(/:\d+$/, '')}:${services.config.port}`
  return `http://${authority}/_aws/execute-api/${apiId}/${stageName}`
}

/** `yyyy-MM-dd_HH-mm` in UTC */
function stamp(epochSeconds: number): string {
  const iso = new Date(epochSeconds * 1000).toISOString()
  return `${iso.slice(0, 10)}_${iso.slice(11, 13)}-${iso.slice(14, 16)}`
}
