import type { RestApiDefinition } from '../../../model/index.ts'
import { ruleViolation } from '../../../model/model-schema-rules.ts'
import { compilePlan } from '../../../compile/compile.ts'
import type { UpstreamPools } from '../../../integrations/index.ts'
import { badRequest } from '../../protocol/errors.ts'

// compiling never opens a connection; a pool asked for here would be a bug
const NO_UPSTREAM: UpstreamPools = {
  get() {
    throw new Error('no upstream connections while checking a deployment')
  },
  // a check serves nothing: no need to load the HTTP client
  prepare() {},
  size: 0,
  async close() {},
}

/**
 * What CreateDeployment refuses, as AWS does: an API without methods, and a definition the data
 * plane could not serve (a method without an integration, an unparsable template or mapping…),
 * with the compiler's message naming the method; a PRIVATE API without a resource policy. Also models that break model-schema-rules.ts,
 * which only a definition stored before those rules were checked can hold.
 */
export function checkDeployable(definition: RestApiDefinition): void {
  if (!definition.resources.some((r) => Object.keys(r.resourceMethods ?? {}).length > 0)) {
    throw badRequest("The REST API doesn't contain any methods")
  }
  // AWS's text, as Terraform and SAM users meet it (hashicorp/terraform-provider-aws#14290, aws/serverless-application-model#3764)
  if (definition.restApi.endpointConfiguration.types.includes('PRIVATE') && !definition.restApi.policy) {
    throw badRequest("Private REST API doesn't have a resource policy attached to it")
  }
  const violation = ruleViolation(definition.restApi.id, definition.models)
  if (violation) throw badRequest(`model ${violation.model}: ${violation.detail}`)
  const now = 0
  try {
    compilePlan({
      snapshot: definition,
      deploymentId: 'check',
      stage: { stageName: 'check', deploymentId: 'check', cacheClusterEnabled: false, methodSettings: {}, tracingEnabled: false, createdDate: now, lastUpdatedDate: now },
      upstream: NO_UPSTREAM,
    })
  } catch (error) {
    throw badRequest((error as Error).message)
  }
}
