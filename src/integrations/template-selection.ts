import type { PassthroughBehavior } from '../model/index.ts'

/**
 * Mapping-template selection (Developer Guide, request-response-data-mappings.md and
 * integration-passthrough-behaviors.md):
 * - only the MIME type counts: `application/json; charset=UTF-8` selects `application/json`;
 * - request: by `Content-Type`, absent → `application/json`; no match → passthroughBehavior;
 * - response: by the request's `Accept` (first value only, known-issues.md); absent →
 *   `application/json`, else the first template; no match → the first template; no templates →
 *   the body passes through.
 */

export type RequestTemplateChoice<T> =
  | { kind: 'template'; contentType: string; template: T }
  | { kind: 'passthrough' }
  | { kind: 'reject' }

export interface RequestTemplateSelector<T> {
  select(contentTypeHeader: string | undefined): RequestTemplateChoice<T>
}

const DEFAULT_MEDIA_TYPE = 'application/json'

/** `Application/JSON; charset=utf-8` → `application/json` */
export function mediaTypeOf(headerValue: string | undefined): string {
  if (headerValue === undefined) return DEFAULT_MEDIA_TYPE
  const semi = headerValue.indexOf(';')
  const type = (semi < 0 ? headerValue : headerValue.slice(0, semi)).trim().toLowerCase()
  return type === '' ? DEFAULT_MEDIA_TYPE : type
}

/** `templates` in definition order, keyed by content type as configured. */
export function requestTemplateSelector<T>(
  templates: ReadonlyArray<readonly [string, T]>,
  passthrough: PassthroughBehavior,
): RequestTemplateSelector<T> {
  const byType = new Map<string, readonly [string, T]>()
  for (const entry of templates) {
    const key = entry[0].toLowerCase()
    if (!byType.has(key)) byType.set(key, entry)
  }
  const passthroughChoice: RequestTemplateChoice<T> = { kind: 'passthrough' }
  const rejectChoice: RequestTemplateChoice<T> = { kind: 'reject' }
  // NEVER: no match is always rejected; WHEN_NO_TEMPLATES: rejected once any template exists
  const noMatch =
    passthrough === 'WHEN_NO_MATCH' || (passthrough === 'WHEN_NO_TEMPLATES' && templates.length === 0)
      ? passthroughChoice
      : rejectChoice
  const choices = new Map<string, RequestTemplateChoice<T>>()
  for (const [key, [contentType, template]] of byType) choices.set(key, { kind: 'template', contentType, template })

  return {
    select(contentTypeHeader) {
      return choices.get(mediaTypeOf(contentTypeHeader)) ?? noMatch
    },
  }
}

export interface ResponseTemplateSelector<T> {
  /** undefined: no templates, the body passes through */
  select(acceptHeader: string | undefined): { contentType: string; template: T } | undefined
}

export function responseTemplateSelector<T>(templates: ReadonlyArray<readonly [string, T]>): ResponseTemplateSelector<T> {
  if (templates.length === 0) return { select: () => undefined }
  const byType = new Map<string, { contentType: string; template: T }>()
  for (const [contentType, template] of templates) {
    const key = contentType.toLowerCase()
    if (!byType.has(key)) byType.set(key, { contentType, template })
  }
  const first = { contentType: templates[0]![0], template: templates[0]![1] }
  const whenAbsent = byType.get(DEFAULT_MEDIA_TYPE) ?? first
  return {
    select(acceptHeader) {
      if (acceptHeader === undefined || acceptHeader.trim() === '') return whenAbsent
      const comma = acceptHeader.indexOf(',')
      const firstValue = comma < 0 ? acceptHeader : acceptHeader.slice(0, comma)
      return byType.get(mediaTypeOf(firstValue)) ?? first
    },
  }
}
