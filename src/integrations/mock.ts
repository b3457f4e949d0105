import { logging } from '../gateway/execution-log-sink.ts'
import type { PipelineStage } from '../gateway/types.ts'
import { HeaderMap } from '../lib/multi-map.ts'
import { completedWith, configurationError } from './errors.ts'
import { exchangeOf } from './exchange.ts'
import { formatBody } from './execution-log.ts'

/**
 * The MOCK integration: the integration request's output is read for `statusCode` (Developer
 * Guide how-to-mock-integration.md: a request template returning `{"statusCode": 200}`); the
 * endpoint response has that status and no body, so only the integration response's template
 * and parameters shape what the client gets.
 *
 * - No payload at all (no template, empty passthrough body): the doc says a mock "can return the
 *   default integration response without defining an integration request mapping template";
 *   we select with status 200.
 * - AWS accepts relaxed JSON here: CDK's CORS mock template `{statusCode: 200}` works
 *   (AWS-validated in LocalStack's `test_integration_mock_with_path_param`).
 * - A payload without an integer statusCode: 500, "Unable to parse statusCode" (LocalStack's
 *   emulation; guessed).
 */
export function mockIntegration(): PipelineStage {
  // a method's request template usually renders the same text every time: parse it once
  let lastPayload: string | undefined
  let lastStatus: number | undefined
  return function mockIntegration(ctx) {
    const exchange = exchangeOf(ctx)
    const payload = (exchange.request?.body ?? ctx.body).toString('utf8')
    if (logging(ctx)) ctx.log.push(`Endpoint request body after transformations: ${formatBody(payload)}`)
    if (payload !== lastPayload) {
      lastStatus = payload.trim() === '' ? 200 : parseStatusCode(payload)
      lastPayload = payload
    }
    const statusCode = lastStatus
    if (statusCode === undefined) {
      ctx.log.push(
        'Execution failed due to configuration error: Unable to parse statusCode. It should be an integer that is defined in the request template.',
      )
      return completedWith(ctx, configurationError())
    }
    if (logging(ctx)) ctx.log.push(`Endpoint response status: ${statusCode} (MOCK)`)
    exchange.response = { statusCode, headers: new HeaderMap(), body: NO_BODY }
    ctx.integration = { ...ctx.integration, status: statusCode, latencyMs: 0 }
    return undefined
  }
}

const NO_BODY = Buffer.alloc(0)

const RELAXED_STATUS = /["']?statusCode["']?\s*:\s*["']?(\d{1,3})["']?\s*[,}\n\r]/

export function parseStatusCode(payload: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(payload)
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const value = (parsed as Record<string, unknown>)['statusCode']
      return typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 599 ? value : undefined
    }
    return undefined
  } catch {
    const m = RELAXED_STATUS.exec(payload)
    if (m === null) return undefined
    const value = Number(m[1])
    return value >= 100 && value <= 599 ? value : undefined
  }
}
