import type { PipelineStage } from '../gateway/types.ts'
import type { Integration } from '../model/index.ts'
import { binaryMediaTypeTest, convertRequestBody } from './content-handling.ts'
import { completedWith, configurationError, invalidJsonBody, unsupportedMediaType } from './errors.ts'
import { exchangeOf } from './exchange.ts'
import { logMethodRequest } from './execution-log.ts'
import { compileRequestParameters, type MappedRequest } from './parameter-mapping.ts'
import { compileMappingTemplate, MappingBodyError, readTemplateOverrides, templateContextOf, type MappingTemplate } from './template-bindings.ts'
import { requestTemplateSelector } from './template-selection.ts'

/**
 * The integration request of a non-proxy integration (MOCK, HTTP): parameter mapping, request
 * template selection by Content-Type with passthroughBehavior, the template render, and the
 * `$context.requestOverride.*` it sets (overrides win over mapped parameters, Developer Guide
 * apigateway-override-request-response-parameters.md), contentHandling for binary payloads
 * (content-handling.ts). Leaves the endpoint request in the exchange for the integration stage.
 */
export function integrationRequest(integration: Integration, where: string, binaryMediaTypes?: readonly string[]): PipelineStage {
  const mapping = compileRequestParameters(integration.requestParameters, where)
  const templates: Array<[string, MappingTemplate | undefined]> = Object.entries(integration.requestTemplates ?? {}).map(
    ([contentType, source]) => [
      contentType,
      // an empty template passes the payload through unmapped, as AWS documents for responses
      source === null || source === '' ? undefined : compileMappingTemplate(source, `${where} request template ${contentType}`),
    ],
  )
  const selector = requestTemplateSelector(templates, integration.passthroughBehavior ?? 'WHEN_NO_MATCH')
  const illegalHeader = mapping.illegalHeader
  const isBinary = binaryMediaTypeTest(binaryMediaTypes)
  const contentHandling = integration.contentHandling
  const converts = contentHandling !== undefined || (binaryMediaTypes?.length ?? 0) > 0

  if (illegalHeader !== undefined) {
    return function integrationRequest(ctx) {
      logMethodRequest(ctx)
      ctx.log.push(`Execution failed due to configuration error: ${illegalHeader} header already present`)
      return completedWith(ctx, configurationError())
    }
  }

  return function integrationRequest(ctx) {
    logMethodRequest(ctx)
    const choice = selector.select(ctx.headers.get('content-type'))
    if (choice.kind === 'reject') {
      ctx.log.push(`Request Content-Type ${JSON.stringify(ctx.headers.get('content-type') ?? '')} matches no mapping template and passthroughBehavior is ${integration.passthroughBehavior}`)
      return completedWith(ctx, unsupportedMediaType())
    }
    let mapped: MappedRequest
    try {
      mapped = mapping.apply(ctx)
    } catch (err) {
      if (err instanceof MappingBodyError) return invalidJsonBody(ctx)
      throw err
    }
    const exchange = exchangeOf(ctx)
    let body: Buffer | undefined = ctx.body
    if (converts) {
      body = convertRequestBody(ctx.body, isBinary(ctx.headers.get('content-type')), contentHandling)
      if (body === undefined) {
        ctx.log.push('Execution failed due to configuration error: Unable to base64-decode the request body (contentHandling CONVERT_TO_BINARY)')
        return completedWith(ctx, configurationError())
      }
    }
    if (choice.kind === 'template' && choice.template !== undefined) {
      // a template that never names $context cannot set overrides: neither build nor read them
      const template = choice.template
      const templateContext = template.readsContext ? templateContextOf(ctx, exchange, template.writesOverrides) : undefined
      try {
        body = Buffer.from(choice.template.render(ctx, body.toString('utf8'), templateContext))
      } catch (err) {
        ctx.log.push(`Execution failed due to configuration error: Unable to transform request: ${(err as Error).message}`)
        return completedWith(ctx, configurationError())
      }
      if (templateContext !== undefined && exchange.overridesRecorded === true) {
        const overrides = readTemplateOverrides(templateContext)
        if (overrides.conflicts.length > 0) {
          ctx.log.push(`Execution failed due to configuration error: overrides are final, overridden twice: ${overrides.conflicts.join(', ')}`)
          return completedWith(ctx, configurationError())
        }
        for (const [name, value] of overrides.request.path) mapped.pathParams[name] = value
        for (const [name, value] of overrides.request.querystring) {
          const at = mapped.query.findIndex(([n]) => n === name)
          if (at >= 0) mapped.query.splice(at, 1)
          mapped.query.push([name, value])
        }
        for (const [name, value] of overrides.request.header) mapped.headers.set(name, value)
      }
    }
    exchange.request = { pathParams: mapped.pathParams, query: mapped.query, headers: mapped.headers, body }
    return undefined
  }
}
