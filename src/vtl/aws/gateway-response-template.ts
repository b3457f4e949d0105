/**
 * Gateway-response body templates. They are not VTL: "A GatewayResponse mapping template isn't
 * processed by the Velocity Template Language (VTL) engine" and supports "only simple variable
 * substitution" (api-gateway-swagger-extensions-gateway-responses.responseTemplates).
 *
 * Substituted: `$context.a.b`, `${context.a.b}`, `$stageVariables.x`, `${stageVariables.x}`,
 * `$stageVariables['x']`, `${stageVariables['x']}`. Everything else, VTL directives included, is
 * literal text. An unknown variable, a null value or a whole map becomes the empty string.
 * `$context.error.messageString` is "the quoted value of $context.error.message"
 * (api-gateway-mapping-template-reference), so the default template
 * `{"message":$context.error.messageString}` yields `{"message":"Missing Authentication Token"}`,
 * and `{"message":null}` when the message is null (see `buildTemplateContext`).
 * The console walkthrough (set-up-gateway-response-using-the-console) shows the substitution is
 * purely textual: `"type": $context.error.responseType` → `"type": MISSING_AUTHENTICATION_TOKEN`,
 * `'404'` stays `'404'`.
 */
import { readContextVariable } from './context.ts'

const VARIABLE =
  /\$(\{)?(context((?:\.[A-Za-z0-9_]+)+)|stageVariables(?:\.([A-Za-z0-9_]+)|\['([^']*)'\]))(\})?/g

export function renderGatewayResponseTemplate(
  template: string,
  context: Readonly<Record<string, unknown>>,
  stageVariables: Readonly<Record<string, string>>,
): string {
  if (!template.includes('$')) return template
  return template.replace(
    VARIABLE,
    (match, open?: string, _body?: string, contextPath?: string, dotted?: string, quoted?: string, close?: string) => {
      // `${context.x` without its `}` stays text; in `$context.x}` the `}` is text after the variable
      const braced = open !== undefined && close !== undefined
      const trailing = close !== undefined && !braced ? '}' : ''
      if (open !== undefined && !braced) return match
      const value =
        contextPath !== undefined
          ? readContextVariable(context, contextPath.slice(1))
          : own(stageVariables, dotted ?? quoted ?? '')
      return text(value) + trailing
    },
  )
}

function own(map: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined
}

function text(value: unknown): string {
  if (typeof value === 'string') return value
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : ''
}
