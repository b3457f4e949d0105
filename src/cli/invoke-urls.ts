import type { PorticoConfig } from '../config.ts'

/**
 * The URL forms a stage answers on: path-style (works everywhere) and host-style (as on AWS),
 * plain HTTP unless `httpsOnly`, and host-style over HTTPS when there is an HTTPS listener.
 * An HTTP API's `$default` stage has no stage segment.
 */
export function invokeUrls(config: Pick<PorticoConfig, 'host' | 'port'> & Partial<Pick<PorticoConfig, 'httpsPort' | 'httpsOnly'>>, apiId: string, stageName: string): string[] {
  const host = config.host === '0.0.0.0' || config.host === '::' || config.host === '127.0.0.1' ? 'localhost' : config.host
  // an HTTP API's `$default` stage answers at the root, with no stage segment
  const stage = stageName === '$default' ? '' : `${stageName}/`
  const urls = config.httpsOnly
    ? []
    : [`http://${host}:${config.port}/_aws/execute-api/${apiId}/${stage}`, `http://${apiId}.execute-api.localhost:${config.port}/${stage}`]
  if (config.httpsPort !== undefined) urls.push(`https://${apiId}.execute-api.localhost:${config.httpsPort}/${stage}`)
  return urls
}

/** The host and port of the Portico a management endpoint (`http://host:port`) names: its gateway answers there too. */
export function gatewayOf(endpoint: string): Pick<PorticoConfig, 'host' | 'port'> {
  const url = new URL(endpoint)
  return { host: url.hostname, port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)) }
}
