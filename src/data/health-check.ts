/**
 * AWS's answer to `/ping` and `/sping` on an execute-api host or a custom domain (the paths
 * api-gateway-known-issues reserves "for the service health check"): 200 `Healthy Connection`,
 * as users see it (serverless/examples#667: `curl https://{id}.execute-api.eu-north-1.amazonaws.com/ping`).
 * AWS documents neither the body nor its Content-Type; `/sping` is answered alike (unsure).
 */
import type { HttpAnswer } from '../gateway/types.ts'

export const HEALTHY = 'Healthy Connection'

export function healthAnswer(): HttpAnswer {
  return { kind: 'http', statusCode: 200, headers: { 'Content-Type': 'text/plain' }, body: HEALTHY }
}
