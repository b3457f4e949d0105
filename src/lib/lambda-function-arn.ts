const FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):\d{12}:function:/

/**
 * An HTTP API names a Lambda function (integration or authorizer) by its ARN
 * (`arn:aws:lambda:…:function:f[:alias]`) or by the invocation URI REST uses; both become the
 * invocation URI (`arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{arn}/invocations`).
 */
export function lambdaInvocationUri<T extends string | undefined>(uri: T): T | string {
  const m = uri === undefined ? null : FUNCTION_ARN.exec(uri)
  return m === null ? uri : `arn:aws:apigateway:${m[1]}:lambda:path/2015-03-31/functions/${uri}/invocations`
}
