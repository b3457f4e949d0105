import type { Operation } from '../protocol/operation.ts'
import { restApiOperations } from './rest-apis.ts'
import { resourceOperations } from './resources.ts'
import { methodOperations } from './methods.ts'
import { integrationOperations } from './integrations.ts'
import { modelOperations } from './models.ts'
import { requestValidatorOperations } from './request-validators.ts'
import { gatewayResponseOperations } from './gateway-responses.ts'
import { authorizerOperations } from './authorizers.ts'
import { deploymentOperations } from './deployments.ts'
import { stageOperations } from './stages.ts'
import { stageCacheOperations } from './stage-cache.ts'
import { exportOperations } from './exports.ts'
import { testInvokeOperations } from './test-invoke.ts'
import { testInvokeAuthorizerOperations } from './test-invoke-authorizer.ts'
import { apiKeyOperations } from './api-keys.ts'
import { usagePlanOperations } from './usage-plans.ts'
import { clientCertificateOperations } from './client-certificates.ts'
import { accountOperations } from './account.ts'
import { tagOperations } from './tags.ts'
import { metricsOperations } from './metrics.ts'
import { porticoStateOperations } from './portico-state.ts'
import { v2Operations } from './v2/index.ts'

/**
 * Every management-API operation, one array per resource family (one file each under
 * src/control/operations/). A new family is added here and nowhere else; the protocol handler
 * routes by each operation's verb, path template and query constraint.
 */
export const managementOperations: readonly Operation[] = Object.freeze([
  // the REST API tree
  ...restApiOperations,
  ...resourceOperations,
  ...methodOperations,
  ...integrationOperations,
  // the API's parts
  ...modelOperations,
  ...requestValidatorOperations,
  ...gatewayResponseOperations,
  ...authorizerOperations,
  // lifecycle
  ...deploymentOperations,
  ...stageOperations,
  ...stageCacheOperations,
  ...exportOperations,
  ...testInvokeOperations,
  ...testInvokeAuthorizerOperations,
  // account level
  ...apiKeyOperations,
  ...usagePlanOperations,
  ...clientCertificateOperations,
  ...accountOperations,
  ...tagOperations,
  // apigatewayv2: HTTP APIs
  ...v2Operations,
  // Portico's own
  ...metricsOperations,
  ...porticoStateOperations,
])
