import type { PorticoConfig } from '../config.ts'

/**
 * The URL forms a stage answers on: path-style (works everywhere) and host-style (as on AWS),
 * plain HTTP unless `httpsOnly`, and host-style over HTTPS when there is an HTTPS listener.
 */
export function invokeUrls(config: Pick<PorticoConfig, 'host' | 'port'> & Partial<Pick<PorticoConfig, 'httpsPort' | 'httpsOnly'>>, apiId: string, stageName: string): string[] {
  const host = config.host === '0.0.0.0' || config.host === '::' || config.host === '127.0.0.1' ? 'localhost' : config.host
  const urls = config.httpsOnly
    ? []
    : [`http://${host}:${config.port}/_aws/execute-api/${apiId}/${stageName}/`, `http://${apiId}.execute-api.localhost:${config.port}/${stageName}/`]
  if (config.httpsPort !== undefined) urls.push(`https://${apiId}.execute-api.localhost:${config.httpsPort}/${stageName}/`)
  return urls
}

/** The host and port of the Portico a management endpoint (`http://host:port`) names: its gateway answers there too. */
export function gatewayOf(endpoint: string): Pick<PorticoConfig, 'host' | 'port'> {
  const url = new URL(endpoint)
  return { host: url.hostname, port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)) }
}
