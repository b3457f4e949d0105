import { compilePolicy, PolicyError, type CompiledPolicy } from './policy.ts'

/**
 * A Lambda authorizer's output, checked once when it arrives (api-gateway-lambda-authorizer-output):
 * `policyDocument` is an IAM policy (compiled here, evaluated per method ARN); `principalId`
 * a string; `context` a flat map whose values are strings, numbers or booleans — "You cannot
 * set a JSON object or array as a valid value of any key in the context map" — and reach
 * `$context.authorizer.<key>` and the proxy event stringified; `usageIdentifierKey` the API key
 * for API key source AUTHORIZER. Anything else is AWS's 500 AuthorizerConfigurationException.
 */
export interface AuthorizerResult {
  principalId?: string
  policy: CompiledPolicy
  /** the policy as returned, for TestInvokeAuthorizer */
  policyDocument: unknown
  /** context values, stringified */
  context: Readonly<Record<string, string>>
  usageIdentifierKey?: string
}

export class AuthorizerOutputError extends Error {
  override name = 'AuthorizerOutputError'
}

export function parseAuthorizerOutput(output: unknown, apiArn: string): AuthorizerResult {
  if (typeof output !== 'object' || output === null || Array.isArray(output)) throw new AuthorizerOutputError('Invalid JSON in response: the output is not an object')
  const { principalId, policyDocument, context, usageIdentifierKey } = output as Record<string, unknown>
  if (principalId !== undefined && typeof principalId !== 'string') throw new AuthorizerOutputError('Invalid JSON in response: principalId must be a string')
  if (policyDocument === undefined || policyDocument === null) throw new AuthorizerOutputError('Invalid JSON in response: policyDocument is missing')
  if (usageIdentifierKey !== undefined && typeof usageIdentifierKey !== 'string') throw new AuthorizerOutputError('Invalid JSON in response: usageIdentifierKey must be a string')
  let policy: CompiledPolicy
  try {
    policy = compilePolicy(policyDocument as object, { apiArn })
  } catch (error) {
    if (error instanceof PolicyError) throw new AuthorizerOutputError(`Invalid policy document: ${error.message}`)
    throw error
  }
  return {
    ...(principalId !== undefined && { principalId }),
    policy,
    policyDocument,
    context: contextValues(context),
    ...(usageIdentifierKey !== undefined && { usageIdentifierKey }),
  }
}

function contextValues(context: unknown): Readonly<Record<string, string>> {
  if (context === undefined || context === null) return {}
  if (typeof context !== 'object' || Array.isArray(context)) throw new AuthorizerOutputError('Invalid JSON in response: context must be an object')
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(context)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new AuthorizerOutputError(`Invalid JSON in response: context value of ${JSON.stringify(key)} must be a string, number or boolean`)
    }
    out[key] = String(value)
  }
  return Object.freeze(out)
}
