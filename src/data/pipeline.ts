import diagnostics from 'node:diagnostics_channel'
import { performance } from 'node:perf_hooks'
import { gatewayError } from '../gateway/gateway-response-catalogue.ts'
import { jsonError } from './json-error.ts'
import type { Answer, GatewayError, HttpAnswer, PipelineStage, RequestContext, StageResult } from '../gateway/types.ts'

/** Published on `node:diagnostics_channel`; `observe/` subscribes. */
export const requestStartChannel = diagnostics.channel('portico:request:start')
export const requestEndChannel = diagnostics.channel('portico:request:end')
export const requestErrorChannel = diagnostics.channel('portico:request:error')

export interface RequestStartMessage {
  ctx: RequestContext
}
export interface RequestEndMessage {
  ctx: RequestContext
  statusCode: number
  durationMs: number
}
export interface RequestErrorMessage {
  ctx: RequestContext
  error: unknown
}

export interface PipelineOptions {
  /** called with an exception a stage threw (the client gets a 500); default: console.error */
  onError?: (error: unknown, ctx: RequestContext) => void
}

/**
 * Runs the request phase (`requestStages`: body, route) and then the matched method's stages,
 * in order, until one answers. An `error` answer is rendered through the plan's gateway
 * responses; an `http` answer goes to `ctx.sink`; `sent` means the stage streamed it there itself.
 * A stage that throws gets a 500 `Internal server error`. Never throws; returns a promise only
 * when a stage did.
 */
export function runPipeline(ctx: RequestContext, requestStages: readonly PipelineStage[], options: PipelineOptions = {}): Promise<void> | undefined {
  if (requestStartChannel.hasSubscribers) requestStartChannel.publish({ ctx } satisfies RequestStartMessage)
  let answer: StageResult | Promise<StageResult>
  try {
    answer = runPhases(ctx, requestStages)
  } catch (error) {
    ended(ctx, failed(ctx, error, options))
    return undefined
  }
  if (answer instanceof Promise) {
    return answer.then(
      (settled) => finish(ctx, settled, options),
      (error: unknown) => ended(ctx, failed(ctx, error, options)),
    )
  }
  finish(ctx, answer, options)
  return undefined
}

function runPhases(ctx: RequestContext, requestStages: readonly PipelineStage[]): StageResult | Promise<StageResult> {
  const answer = runStages(ctx, requestStages, 0)
  if (answer instanceof Promise) return answer.then((settled) => settled ?? (ctx.route ? runStages(ctx, ctx.route.stages, 0) : undefined))
  if (answer !== undefined) return answer
  return ctx.route ? runStages(ctx, ctx.route.stages, 0) : undefined
}

/** Synchronous stages run back to back; the first promise hands the rest of the list to its continuation. */
function runStages(ctx: RequestContext, stages: readonly PipelineStage[], from: number): StageResult | Promise<StageResult> {
  for (let i = from; i < stages.length; i++) {
    const answer = stages[i]!(ctx)
    if (answer === undefined) continue
    if (answer instanceof Promise) return answer.then((settled) => settled ?? runStages(ctx, stages, i + 1))
    return answer
  }
  return undefined
}

function finish(ctx: RequestContext, answer: StageResult, options: PipelineOptions): void {
  let statusCode: number
  try {
    statusCode = deliver(ctx, answer ?? noAnswer(ctx))
  } catch (error) {
    statusCode = failed(ctx, error, options)
  }
  ended(ctx, statusCode)
}

function ended(ctx: RequestContext, statusCode: number): void {
  if (requestEndChannel.hasSubscribers) {
    requestEndChannel.publish({ ctx, statusCode, durationMs: performance.now() - ctx.startedAt } satisfies RequestEndMessage)
  }
}

/** Every method's stage list ends in an integration that answers; reaching the end is a bug. */
function noAnswer(ctx: RequestContext): GatewayError {
  ctx.log.push('Execution failed due to configuration error: no stage answered the request')
  return gatewayError('API_CONFIGURATION_ERROR')
}

function deliver(ctx: RequestContext, answer: Answer): number {
  switch (answer.kind) {
    case 'sent':
      return answer.statusCode
    case 'http':
      if (ctx.onAnswer !== undefined) ctx.onAnswer(answer)
      ctx.sink.send(answer)
      return answer.statusCode
    case 'error': {
      ctx.error = answer
      const rendered = ctx.plan.renderError(answer, ctx)
      ctx.sink.send(rendered)
      return rendered.statusCode
    }
  }
}

function failed(ctx: RequestContext, error: unknown, options: PipelineOptions): number {
  if (requestErrorChannel.hasSubscribers) requestErrorChannel.publish({ ctx, error } satisfies RequestErrorMessage)
  const report = options.onError ?? defaultReport
  report(error, ctx)
  ctx.log.push(`Execution failed due to an internal error: ${error instanceof Error ? error.message : String(error)}`)
  if (ctx.sink.started) {
    ctx.sink.abort()
    return ctx.sink.statusCode
  }
  const answer = renderInternalError(ctx)
  ctx.sink.send(answer)
  return answer.statusCode
}

/** Through the API's gateway responses (DEFAULT_5XX customisations apply), or bare if that fails too. */
function renderInternalError(ctx: RequestContext): HttpAnswer {
  const error = gatewayError('API_CONFIGURATION_ERROR')
  ctx.error = error
  try {
    return ctx.plan.renderError(error, ctx)
  } catch {
    return jsonError(500, 'Internal server error', 'InternalServerErrorException')
  }
}

function defaultReport(error: unknown, ctx: RequestContext): void {
  console.error(`portico: ${ctx.requestId} ${ctx.httpMethod} ${ctx.path}: stage failed:`, error)
}
