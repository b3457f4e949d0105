import diagnostics from 'node:diagnostics_channel'
import type { AddressInfo } from 'node:net'
import type { PorticoConfig } from '../config.ts'
import { maxEventLoopLagFromEnv } from '../data/event-loop-lag.ts'
import { startPortico, type Portico } from '../main.ts'
import { listApis } from './list-apis.ts'
import { createManagementClient, type ManagementClient } from './management-client.ts'
import { serveFile, stagesOf } from './serve-file.ts'
import type { DocumentProtocol } from '../openapi/index.ts'

/**
 * Published once the server serves its files and has said so ("Ready."): the start-up work is
 * done. bin/compile-cache.js subscribes, to write a code cache that covers it.
 */
const serveReadyChannel = diagnostics.channel('portico:serve:ready')

/**
 * `portico serve [files…]`: starts the server, then imports and deploys each file through its
 * own management API (a loopback request signed with the admin key pair), so serve-time changes
 * are validated and audited like any other call. Returns when the server stops.
 */
export async function serveCommand(
  config: PorticoConfig,
  version: string,
  files: string[],
  variables: Record<string, string>,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
  protocol?: DocumentProtocol,
): Promise<number> {
  const portico = await startPortico(config, {
    maxEventLoopLagMs: maxEventLoopLagFromEnv(),
    onCompileError: (change, error) => err.write(`portico: stage ${change.apiId}/${change.stageName} not updated: ${error.message}\n`),
  })
  const client = loopbackClient(portico)
  try {
    for (const file of files) {
      const served = await serveFile(client, file, stagesOf(config), variables, protocol)
      for (const w of served.warnings) err.write(`portico: warning: ${file}: ${w}\n`)
    }
    await portico.settled()
  } catch (error) {
    await portico.close()
    throw error
  }
  out.write(`Portico ${version} listening on ${portico.url} (data: ${config.dataDir})\n`)
  if (portico.httpsUrl !== undefined) out.write(`HTTPS on ${portico.httpsUrl} (certificates reload on SIGHUP)\n`)
  for (const [vpceId, url] of Object.entries(portico.vpceUrls)) out.write(`VPC endpoint ${vpceId} on ${url} (PRIVATE APIs only)\n`)
  out.write(`Management API: aws apigateway … / aws apigatewayv2 … --endpoint-url ${portico.adminUrl}\n`)
  out.write(`Console: ${portico.adminUrl}/_portico/console/ (sign in with the management key pair)\n`)
  if (portico.admin.source === 'generated') {
    out.write(`Management credentials (shown once; kept in ${portico.admin.file}):\n`)
    out.write(`  AWS_ACCESS_KEY_ID=${portico.admin.accessKeyId}\n  AWS_SECRET_ACCESS_KEY=${portico.admin.secretAccessKey}\n`)
  }
  if (config.dev) err.write('portico: --dev: the management API accepts any well-formed SigV4 signature, whatever its key\n')
  const https = portico.httpsUrl === undefined ? {} : { httpsPort: Number(new URL(portico.httpsUrl).port), ...(config.httpsOnly && { httpsOnly: true }) }
  await listApis(client, out, { ...loopback(portico.address), ...https })
  await new Promise<void>((resolve) => {
    // SIGHUP: new certificates for new handshakes; connections and requests in flight carry on
    const reload = () => {
      portico.reloadTls().then(
        () => err.write('portico: certificates reloaded\n'),
        (error: unknown) => err.write(`portico: certificates not reloaded, the previous ones still serve: ${(error as Error).message}\n`),
      )
    }
    process.on('SIGHUP', reload)
    const stop = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      process.off('SIGHUP', reload)
      portico.close().then(resolve, resolve)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
    // only now: a client that stops the server as soon as it reads this gets a clean shutdown, not the default SIGTERM death
    out.write(`Ready. Press Ctrl+C to stop.\n`)
    serveReadyChannel.publish({ url: portico.url })
  })
  return 0
}

/** The server's own management API, reached on the loopback address of the interface it listens on. */
function loopbackClient(portico: Portico): ManagementClient {
  const { host, port } = loopback(portico.adminAddress)
  return createManagementClient({
    endpoint: `http://${host}:${port}`,
    region: portico.config.region,
    credentials: { accessKeyId: portico.admin.accessKeyId, secretAccessKey: portico.admin.secretAccessKey, source: 'the admin key pair' },
  })
}

/** a listener's address as a local client reaches it */
function loopback({ address, family, port }: AddressInfo): { host: string; port: number } {
  return { host: address === '0.0.0.0' ? '127.0.0.1' : address === '::' ? '[::1]' : family === 'IPv6' ? `[${address}]` : address, port }
}
