import type { PipelineStage } from '../gateway/types.ts'
import type { IntegrationType } from '../model/index.ts'
import { completedWith, configurationError } from './errors.ts'
import { logMethodRequest } from './execution-log.ts'

/**
 * AWS and AWS_PROXY integrations (Lambda, AWS services) are served by the function runtime,
 * which is not part of this build yet. Until then the method fails the way AWS answers a failing
 * Lambda integration: 500 `{"message": "Internal server error"}` with `x-amzn-ErrorType:
 * InternalServerErrorException` (19 AWS-recorded occurrences in LocalStack's snapshots).
 */
export function lambdaUnavailable(type: IntegrationType, uri: string | undefined): PipelineStage {
  const target = uri ?? '(no uri)'
  return function lambdaUnavailable(ctx) {
    logMethodRequest(ctx)
    ctx.log.push(`Endpoint request URI: ${target}`)
    ctx.log.push(`Execution failed due to configuration error: ${type} integrations are not available yet: the Lambda runtime is not part of this Portico build`)
    return completedWith(ctx, configurationError())
  }
}
