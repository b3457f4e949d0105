import type { Operation } from '../../protocol/operation.ts'
import { apiOperations } from './apis.ts'
import { routeOperations } from './routes.ts'
import { integrationOperations } from './integrations.ts'
import { integrationResponseOperations, routeResponseOperations } from './responses.ts'
import { authorizerOperations } from './authorizers.ts'
import { v2ModelOperations } from './models.ts'
import { stageOperations } from './stages.ts'
import { deploymentOperations } from './deployments.ts'
import { v2TagOperations } from './tags.ts'
import { importExportOperations } from './import-export.ts'
import { v2VpcLinkOperations } from './vpc-links.ts'

/**
 * apigatewayv2 (2018-11-29), the management API of HTTP APIs: rest-json under `/v2`, camelCase
 * members, ISO 8601 timestamps, `{"items", "nextToken"}` lists, partial-object PATCH updates.
 * Same SigV4 service (`apigateway`) and endpoint as apigateway v1; one file per family.
 */
export const v2Operations: readonly Operation[] = [
  ...apiOperations,
  ...routeOperations,
  ...routeResponseOperations,
  ...integrationOperations,
  ...integrationResponseOperations,
  ...authorizerOperations,
  ...v2ModelOperations,
  ...stageOperations,
  ...deploymentOperations,
  ...v2TagOperations,
  ...importExportOperations,
  ...v2VpcLinkOperations,
]
