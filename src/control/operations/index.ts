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
import { domainNameOperations } from './domain-names.ts'
import { basePathMappingOperations } from './base-path-mappings.ts'
import { domainAccessAssociationOperations } from './domain-access-associations.ts'
import { v2DomainNameOperations } from './v2-domain-names.ts'
import { vpcLinkOperations } from './vpc-links.ts'
import { accountOperations } from './account.ts'
import { tagOperations } from './tags.ts'
import { metricsOperations } from './metrics.ts'
import { porticoStateOperations } from './portico-state.ts'
import { consoleFeedOperations } from './console-feeds.ts'
import { v2Operations } from './v2/index.ts'
import { documentationPartOperations } from './documentation-parts.ts'
import { documentationImportOperations } from './documentation-import.ts'
import { documentationVersionOperations } from './documentation-versions.ts'
import { sdkOperations } from './sdks.ts'

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
  ...documentationPartOperations,
  ...documentationImportOperations,
  ...documentationVersionOperations,
  // lifecycle
  ...deploymentOperations,
  ...stageOperations,
  ...stageCacheOperations,
  ...exportOperations,
  ...sdkOperations,
  ...testInvokeOperations,
  ...testInvokeAuthorizerOperations,
  // account level
  ...apiKeyOperations,
  ...usagePlanOperations,
  ...clientCertificateOperations,
  ...domainNameOperations,
  ...basePathMappingOperations,
  ...domainAccessAssociationOperations,
  ...vpcLinkOperations,
  ...accountOperations,
  ...tagOperations,
  // apigatewayv2: HTTP APIs
  ...v2Operations,
  // apigatewayv2: custom domains and API mappings, over v1's domains
  ...v2DomainNameOperations,
  // Portico's own
  ...metricsOperations,
  ...porticoStateOperations,
  ...consoleFeedOperations,
])
