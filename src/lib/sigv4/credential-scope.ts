/**
 * The service a SigV4-signed request names in its credential scope
 * (`{accessKeyId}/{date}/{region}/{service}/aws4_request`), from the `Authorization` header or a
 * presigned URL's `X-Amz-Credential`, without verifying anything; undefined when the request
 * carries no such scope. Enough to tell which endpoint a caller meant (the management API is
 * `apigateway`, an IAM-authorized API call `execute-api`); the endpoint itself verifies.
 */
export function signedService(authorization: string | undefined, rawQuery: string): string | undefined {
  if (authorization !== undefined) {
    const at = authorization.indexOf('Credential=')
    return at < 0 ? undefined : serviceOf(authorization.slice(at + 11).split(',', 1)[0]!.trim())
  }
  const at = rawQuery.search(/(?:^|&)X-Amz-Credential=/)
  if (at < 0) return undefined
  const start = rawQuery.indexOf('=', at) + 1
  const end = rawQuery.indexOf('&', start)
  try {
    return serviceOf(decodeURIComponent(rawQuery.slice(start, end < 0 ? undefined : end)))
  } catch {
    return undefined
  }
}

function serviceOf(credential: string): string | undefined {
  const parts = credential.split('/')
  return parts.length === 5 && parts[4] === 'aws4_request' && parts[3] !== '' ? parts[3] : undefined
}
