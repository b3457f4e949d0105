import type { ValidateFunction } from 'ajv'
import { nestsDeeperThan } from '../lib/json-depth.ts'
import type { Method, RequestValidator } from '../model/index.ts'
import { gatewayError } from '../gateway/gateway-response-catalogue.ts'
import type { PipelineStage, RequestContext } from '../gateway/types.ts'
import { validationErrorString } from './schema-error-messages.ts'

/**
 * How deeply a body checked against a model may nest: ajv validates a recursive model (a tree
 * whose nodes hold children) by recursion, one call per level of the body. 1,000 is the default
 * nesting limit of Jackson, the parser under the json-schema-validator whose texts AWS answers
 * with (that AWS keeps that default is unverified).
 */
export const MAX_VALIDATED_BODY_DEPTH = 1_000

type ParameterSource = 'path' | 'querystring' | 'header' | 'multivaluequerystring' | 'multivalueheader'

interface RequiredParameter {
  source: ParameterSource
  name: string
}

export interface ValidateRequestInput {
  method: Method
  validator: RequestValidator
  /** the compiled validator of each `requestModels` entry (content type → validator) */
  bodyValidators: ReadonlyMap<string, ValidateFunction>
}

/**
 * The method's request validator: required parameters (BAD_REQUEST_PARAMETERS, 400
 * `Missing required request parameters: [a, b]`), then the body against the model for its
 * content type (BAD_REQUEST_BODY, 400 `Invalid request body`, details in
 * `$context.error.validationErrorString`). undefined when there is nothing to check, so the
 * method's stage list leaves validation out.
 */
export function validateRequest(input: ValidateRequestInput): PipelineStage | undefined {
  const required = input.validator.validateRequestParameters ? requiredParameters(input.method) : []
  const bodies = input.validator.validateRequestBody ? input.bodyValidators : new Map<string, ValidateFunction>()
  if (required.length === 0 && bodies.size === 0) return undefined

  return function validateRequest(ctx) {
    if (required.length > 0) {
      const missing = required.filter((p) => !present(ctx, p)).map((p) => p.name)
      if (missing.length > 0) {
        const message = `Missing required request parameters: [${missing.join(', ')}]`
        return gatewayError('BAD_REQUEST_PARAMETERS', { message, validationErrorString: message })
      }
    }
    if (bodies.size > 0) {
      const validate = bodies.get(mediaType(ctx)) ?? bodies.get('$default')
      if (validate) return validateBody(ctx, validate)
    }
    return undefined
  }
}

/** Sorted by their full `method.request.*` key, as AWS lists them. */
function requiredParameters(method: Method): RequiredParameter[] {
  return Object.entries(method.requestParameters ?? {})
    .filter(([, isRequired]) => isRequired)
    .map(([key]) => key)
    .sort()
    .flatMap((key): RequiredParameter[] => {
      const match = /^method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.(.+)$/.exec(key)
      return match ? [{ source: match[1] as ParameterSource, name: match[2]! }] : []
    })
}

/** "included and not blank" */
function present(ctx: RequestContext, p: RequiredParameter): boolean {
  switch (p.source) {
    case 'path':
      return notBlank(ctx.pathParameters[p.name])
    case 'querystring':
    case 'multivaluequerystring':
      return ctx.query.getAll(p.name).some(notBlank)
    case 'header':
    case 'multivalueheader':
      return ctx.headers.getAll(p.name).some(notBlank)
  }
}

function notBlank(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== ''
}

/** The request's media type, lower case without parameters; AWS assumes JSON when none is sent. */
function mediaType(ctx: RequestContext): string {
  const header = ctx.headers.get('content-type')
  if (header === undefined) return 'application/json'
  const semi = header.indexOf(';')
  return (semi < 0 ? header : header.slice(0, semi)).trim().toLowerCase()
}

function validateBody(ctx: RequestContext, validate: ValidateFunction) {
  let instance: unknown = {}
  const text = ctx.body.toString('utf8')
  if (text.trim() !== '') {
    try {
      instance = JSON.parse(text)
    } catch (err) {
      return gatewayError('BAD_REQUEST_BODY', { validationErrorString: `[Invalid JSON: ${(err as Error).message}]` })
    }
  }
  if (nestsDeeperThan(instance, MAX_VALIDATED_BODY_DEPTH)) {
    return gatewayError('BAD_REQUEST_BODY', { validationErrorString: `[instance nests more than ${MAX_VALIDATED_BODY_DEPTH} levels deep]` })
  }
  let valid: boolean
  try {
    valid = validate(instance) as boolean
  } catch (err) {
    // the depth check above keeps the stack; models whose references chain deeply could still exhaust it
    if (err instanceof RangeError) return gatewayError('BAD_REQUEST_BODY', { validationErrorString: '[instance nests too deeply to be validated]' })
    throw err
  }
  if (valid) return undefined
  return gatewayError('BAD_REQUEST_BODY', { validationErrorString: validationErrorString(validate.errors ?? []) })
}
