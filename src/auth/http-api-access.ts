import type { RoutePhase } from '../gateway/method-phase.ts'
import type { PipelineStage } from '../gateway/types.ts'
import type { IamAuthorizerDeps } from './iam/iam-authorizer.ts'
import { httpApiIamAuthorizer } from './http-api-iam.ts'
import { httpApiJwtAuthorizer, type HttpApiJwtDeps } from './http-api-jwt.ts'
import { httpApiLambdaAuthorizer, type HttpApiLambdaAuthorizerDeps } from './http-api-lambda-authorizer.ts'

export interface HttpApiAccessDeps extends HttpApiJwtDeps {
  /** Lambda (CUSTOM) authorizers; without it such routes answer 500 */
  lambda?: HttpApiLambdaAuthorizerDeps
  /** AWS_IAM routes (the config file's local IAM principals); without it such routes answer 500 */
  iam?: IamAuthorizerDeps
}

/**
 * The access phase of an HTTP API route (main.ts passes it to the plan compiler): nothing for
 * `NONE`, the JWT authorizer for `JWT`, the Lambda authorizer for `CUSTOM`, SigV4 and the
 * identity policies for `AWS_IAM` (http-api-iam.ts). A kind this gateway was built without
 * answers 500 `{"message":"Internal Server Error"}` (never lets a request through unchecked)
 * while the API's other routes are served.
 */
export function createHttpApiAccessPhase(deps: HttpApiAccessDeps): RoutePhase {
  return (input) => {
    switch (input.route.authorizationType) {
      case 'NONE':
        return []
      case 'JWT':
        return [httpApiJwtAuthorizer(deps, input)]
      case 'CUSTOM':
        if (input.authorizer === undefined) throw new Error(`${input.route.routeKey}: authorizer ${input.route.authorizerId ?? '(none)'} does not exist`)
        return deps.lambda === undefined ? [notServed('CUSTOM')] : [httpApiLambdaAuthorizer(deps.lambda, input)]
      case 'AWS_IAM':
        return deps.iam === undefined ? [notServed('AWS_IAM')] : [httpApiIamAuthorizer(deps.iam, input)]
      default:
        return [notServed(input.route.authorizationType)]
    }
  }
}

function notServed(type: string): PipelineStage {
  return function authorizationNotServed(ctx) {
    ctx.integration = { ...ctx.integration, error: `${type} authorization of HTTP API routes is not served by this version of Portico` }
    return { kind: 'error', type: 'AUTHORIZER_CONFIGURATION_ERROR', message: 'Internal Server Error', statusCode: 500 }
  }
}
