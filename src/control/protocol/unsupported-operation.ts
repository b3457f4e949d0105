import { APIGATEWAY_OPERATIONS, APIGATEWAYV2_OPERATIONS, type AwsOperationRoute } from './aws-operation-routes.ts'
import { ApiError } from './errors.ts'

/**
 * The answer to a signed request no handler serves: AWS's `UnknownOperationException` (404),
 * with a message an SDK or the AWS CLI shows ("An error occurred (UnknownOperationException)
 * when calling the GetSdk operation: GetSdk is not supported by Portico yet."), naming the AWS
 * operation when the verb and path are one of AWS's, else the verb and path themselves.
 */
export function unsupportedOperation(method: string, rawPath: string, query: URLSearchParams): ApiError {
  const name = awsOperationName(method, rawPath, query)
  return new ApiError(
    'UnknownOperationException',
    name === undefined
      ? `No operation of Amazon API Gateway's management API matches ${method} ${rawPath}.`
      : `${name} is not supported by Portico yet (docs/compatibility.md lists what is).`,
  )
}

interface CompiledAwsRoute {
  method: string
  segments: string[]
  query: Array<[string, string]>
  name: string
  /** literal segments: `/restapis/{id}/stages` beats `/restapis/{id}/{x}` */
  literals: number
}

let compiled: CompiledAwsRoute[] | undefined

function routes(): CompiledAwsRoute[] {
  return (compiled ??= [...APIGATEWAY_OPERATIONS, ...APIGATEWAYV2_OPERATIONS].map(compile).sort((a, b) => b.query.length - a.query.length || b.literals - a.literals))
}

function compile([method, requestUri, name]: AwsOperationRoute): CompiledAwsRoute {
  const q = requestUri.indexOf('?')
  const path = q < 0 ? requestUri : requestUri.slice(0, q)
  const segments = path.split('/').slice(1)
  const query = [...new URLSearchParams(q < 0 ? '' : requestUri.slice(q + 1))]
  return { method, segments, query, name, literals: segments.filter((s) => !s.startsWith('{')).length }
}

/** The AWS operation a verb and path would call; undefined when no operation of either API has that route. */
export function awsOperationName(method: string, rawPath: string, query: URLSearchParams): string | undefined {
  const trimmed = rawPath.length > 1 && rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath
  const segments = trimmed.split('/').slice(1)
  for (const route of routes()) {
    if (route.method !== method || route.segments.length !== segments.length) continue
    if (!route.query.every(([k, v]) => query.get(k) === v)) continue
    if (route.segments.every((t, i) => (t.startsWith('{') ? segments[i] !== '' : t === segments[i]))) return route.name
  }
  return undefined
}
