/**
 * The access phase (compile.ts `MethodPhases.access`) as far as resource policies and AWS_IAM
 * go: the resource policy's first look, the AWS_IAM authorizer for AWS_IAM methods, the
 * resource policy's second look. The authorizers' `createAccessPhase` (auth/index.ts) composes
 * the same three factories around the Lambda and Cognito authorizers; this one stands in for it
 * where that is not wired.
 */
import type { MethodPhase } from '../compile/compile.ts'
import type { ResourcePolicyPhases } from './resource-policy.ts'

export interface IamAccessDeps extends ResourcePolicyPhases {
  iamAuthorizer: MethodPhase
}

export function createIamAccessPhase(deps: IamAccessDeps): MethodPhase {
  return function access(input) {
    return [
      ...deps.resourcePolicyBefore(input),
      ...(input.method.authorizationType === 'AWS_IAM' ? deps.iamAuthorizer(input) : []),
      ...deps.resourcePolicyAfter(input),
    ]
  }
}
