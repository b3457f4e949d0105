import { logging } from '../gateway/execution-log-sink.ts'
import type { HttpAnswer, PipelineStage, RequestContext } from '../gateway/types.ts'
import type { ContentHandling, Integration, Method } from '../model/index.ts'
import { binaryMediaTypeTest, convertResponseBody } from './content-handling.ts'
import { configurationError } from './errors.ts'
import { exchangeOf } from './exchange.ts'
import { formatBody, formatMap } from './execution-log.ts'
import { compileResponseParameters, type ResponseParameterMapping } from './parameter-mapping.ts'
import { methodResponseHeaderFate } from './remapped-headers.ts'
import { compileSelectionPattern } from './selection-pattern.ts'
import { compileMappingTemplate, MappingBodyError, readTemplateOverrides, templateContextOf, type MappingTemplate } from './template-bindings.ts'
import { responseTemplateSelector, type ResponseTemplateSelector } from './template-selection.ts'

/**
 * The integration response of a non-proxy integration (MOCK, HTTP):
 * 1. selection: the endpoint status (as a string) against each `selectionPattern` (Java regex,
 *    full match); none matches → the response without a pattern (the default); none → 500
 *    (Developer Guide handle-errors-in-lambda-integration.md; botocore IntegrationResponse);
 * 2. the selected status must be a method response, else 500 "Output mapping refers to an
 *    invalid method response" (AWS execution-log text, seen on classmethod.jp 2023-07);
 * 3. responseParameters → method response headers; contentHandling converts binary payloads
 *    (content-handling.ts); the response template chosen by Accept renders the body (no
 *    template → the endpoint body passes through);
 * 4. `$context.responseOverride.status/header.*` (from the request or response template) win
 *    (apigateway-override-request-response-parameters.md); an override status outside 100–599 is
 *    ignored (LocalStack, AWS-validated);
 * 5. reserved header names are remapped to `x-amzn-Remapped-*` (remapped-headers.ts) and a
 *    Content-Type is always present, `application/json` by default.
 */

interface CompiledResponse {
  statusCode: number
  statusText: string
  pattern: RegExp | undefined
  hasMethodResponse: boolean
  contentHandling: ContentHandling | undefined
  /** binaryMediaTypes or contentHandling make the payload go through content-handling.ts */
  converts: boolean
  parameters: ResponseParameterMapping
  templates: ResponseTemplateSelector<MappingTemplate | undefined>
}

export function integrationResponse(integration: Integration, method: Method, where: string, binaryMediaTypes?: readonly string[]): PipelineStage {
  const isBinary = binaryMediaTypeTest(binaryMediaTypes)
  const hasBinaryTypes = (binaryMediaTypes?.length ?? 0) > 0
  const responses: CompiledResponse[] = Object.values(integration.integrationResponses ?? {}).map((r) => {
    const at = `${where} integration response ${r.statusCode}`
    const templates: Array<[string, MappingTemplate | undefined]> = Object.entries(r.responseTemplates ?? {}).map(([contentType, source]) => [
      contentType,
      // an empty template returns the payload unmapped (request-response-data-mappings.md)
      source === null || source === '' ? undefined : compileMappingTemplate(source, `${at} template ${contentType}`),
    ])
    return {
      statusCode: Number(r.statusCode),
      statusText: r.statusCode,
      pattern: r.selectionPattern === undefined || r.selectionPattern === '' ? undefined : compileSelectionPattern(r.selectionPattern, at),
      hasMethodResponse: method.methodResponses?.[r.statusCode] !== undefined,
      contentHandling: r.contentHandling,
      converts: hasBinaryTypes || r.contentHandling !== undefined,
      parameters: compileResponseParameters(r.responseParameters, at),
      templates: responseTemplateSelector(templates),
    }
  })
  const patterned = responses.filter((r) => r.pattern !== undefined)
  const fallback = responses.find((r) => r.pattern === undefined)

  function select(value: string | null): CompiledResponse | undefined {
    if (value !== null) for (const r of patterned) if (r.pattern!.test(value)) return r
    return fallback
  }

  return function integrationResponse(ctx) {
    const exchange = exchangeOf(ctx)
    const endpoint = exchange.response
    if (endpoint === undefined) throw new Error('integration response stage ran without an endpoint response')
    const selected = select(endpoint.selectionValue === undefined ? String(endpoint.statusCode) : endpoint.selectionValue)
    if (selected === undefined) {
      ctx.log.push(
        `Execution failed due to configuration error: No match for output mapping and no default output mapping configured. Endpoint Response Status Code: ${endpoint.statusCode}`,
      )
      return completed(ctx, configurationError(), 500)
    }
    if (!selected.hasMethodResponse) {
      ctx.log.push(`Execution failed due to configuration error: Output mapping refers to an invalid method response: ${selected.statusText}`)
      return completed(ctx, configurationError(), 500)
    }

    let mapped: Array<[string, string]>
    try {
      mapped = selected.parameters.apply(ctx, endpoint)
    } catch (err) {
      if (!(err instanceof MappingBodyError)) throw err
      ctx.log.push('Execution failed due to configuration error: Unable to map the endpoint response body: it is not valid JSON')
      return completed(ctx, configurationError(), 500)
    }
    let payload: Buffer | undefined = endpoint.body
    if (selected.converts) {
      payload = convertResponseBody(endpoint.body, isBinary(endpoint.headers.get('content-type')), isBinary(ctx.headers.get('accept')), selected.contentHandling)
      if (payload === undefined) {
        ctx.log.push('Execution failed due to configuration error: Unable to base64-decode the endpoint response body')
        return completed(ctx, configurationError(), 500)
      }
    }
    let body: Buffer | string = payload
    const chosen = selected.templates.select(ctx.headers.get('accept'))
    if (chosen?.template !== undefined) {
      try {
        const template = chosen.template
        body = template.render(ctx, payload.toString('utf8'), template.readsContext ? templateContextOf(ctx, exchange, template.writesOverrides) : undefined)
      } catch (err) {
        ctx.log.push(`Execution failed due to configuration error: Unable to transform response: ${(err as Error).message}`)
        return completed(ctx, configurationError(), 500)
      }
    }

    let statusCode = selected.statusCode
    if (exchange.templateContext !== undefined && exchange.overridesRecorded === true) {
      const overrides = readTemplateOverrides(exchange.templateContext)
      if (overrides.conflicts.length > 0) {
        ctx.log.push(`Execution failed due to configuration error: overrides are final, overridden twice: ${overrides.conflicts.join(', ')}`)
        return completed(ctx, configurationError(), 500)
      }
      const override = overrides.response
      if (override.status !== undefined && override.status >= 100 && override.status <= 599) statusCode = override.status
      for (const [name, value] of override.header) mapped.push([name, value])
    }
    const answer: HttpAnswer = { kind: 'http', statusCode, headers: methodResponseHeaders(mapped), body }
    if (logging(ctx)) {
      ctx.log.push(`Method response body after transformations: ${formatBody(body)}`)
      ctx.log.push(`Method response headers: ${formatMap(Object.entries(answer.headers))}`)
      ctx.log.push('Successfully completed execution')
    }
    return completed(ctx, answer, statusCode)
  }
}

function completed<T>(ctx: RequestContext, answer: T, statusCode: number): T {
  if (logging(ctx)) ctx.log.push(`Method completed with status: ${statusCode}`)
  return answer
}

/** Mapped headers in order, later ones replacing earlier ones of the same name, reserved names remapped. */
export function methodResponseHeaders(mapped: ReadonlyArray<readonly [string, string]>): Record<string, string> {
  const byLower = new Map<string, [string, string]>()
  for (const [name, value] of mapped) {
    const fate = methodResponseHeaderFate(name.toLowerCase())
    if (fate.action === 'drop') continue
    const wireName = fate.action === 'rename' ? fate.name : name
    byLower.set(wireName.toLowerCase(), [wireName, value])
  }
  const headers: Record<string, string> = {}
  for (const [name, value] of byLower.values()) headers[name] = value
  if (!byLower.has('content-type')) headers['Content-Type'] = 'application/json'
  return headers
}
