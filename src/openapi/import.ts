import { newId } from '../lib/ids.ts'
import type { RestApiDefinition } from '../model/index.ts'
import { importSecuritySchemes } from './authorizers.ts'
import { idSource, type ImportContext } from './context.ts'
import { importGatewayResponses } from './gateway-responses.ts'
import { isObject, type JsonObject } from './json.ts'
import { mergeParts, readDocumentationExtension } from './documentation-import.ts'
import { applyToExisting, type ImportMode } from './merge.ts'
import { importMethod, type MethodDeps } from './methods.ts'
import { ModelRegistry } from './models.ts'
import { parseText } from './parse.ts'
import { child, formatWarning, Problems, type Problem } from './problems.ts'
import { endpointExtension, importRestApi } from './rest-api.ts'
import { parsePath, ResourceTree } from './resources.ts'
import { OPERATION_KEYS, validateShape } from './validate.ts'
import { importValidators } from './validators.ts'
import { applyBasePath, type BasePathMode } from './base-path.ts'

export interface ImportOptions {
  /** id of the API being created (ignored when `existing` is given: an update keeps its id); default a new id */
  apiId?: string
  /** reject the document when there are warnings, as AWS's `failonwarnings=true` */
  failOnWarnings?: boolean
  /** the API being updated (PutRestApi); absent for ImportRestApi */
  existing?: RestApiDefinition
  /** how to update `existing`; AWS's default is merge */
  mode?: ImportMode
  /** AWS's `basepath`: what the document's base path does to the resources (base-path.ts); default ignore */
  basePath?: BasePathMode
  /** AWS's `ignore=documentation`: the document's `x-amazon-apigateway-documentation` plays no part */
  ignoreDocumentation?: boolean
}

export type ImportResult =
  | { ok: true; definition: RestApiDefinition; warnings: string[] }
  | { ok: false; errors: Problem[] }

/**
 * OpenAPI 3.0.x or Swagger 2.0 text (JSON or YAML) → an API definition, as ImportRestApi /
 * PutRestApi do. Every problem in the document is reported at once; on any error nothing is
 * returned but the list. `basePath`/`servers` move the resources as `options.basePath` says
 * (AWS's default `ignore`: not at all).
 */
export function importOpenApi(text: string, options: ImportOptions = {}): ImportResult {
  const parsed = parseText(text)
  if (!parsed.ok) return { ok: false, errors: parsed.errors }

  const problems = new Problems()
  const shape = validateShape(parsed.document, problems)
  if (!shape) return { ok: false, errors: problems.errors }

  const { existing } = options
  const mode: ImportMode = options.mode ?? 'merge'
  const ctx: ImportContext = {
    doc: applyBasePath(options.ignoreDocumentation ? withoutDocumentation(shape.doc) : shape.doc, shape.version, options.basePath ?? 'ignore'),
    version: shape.version,
    apiId: existing?.restApi.id ?? options.apiId ?? newId(),
    problems,
    ids: idSource(existing),
    existing: existing && mode === 'merge' ? existing : undefined,
  }

  const deps: MethodDeps = {
    validators: importValidators(ctx),
    schemes: importSecuritySchemes(ctx),
    registry: new ModelRegistry(ctx),
  }
  const tree = buildTree(ctx, deps)
  let definition: RestApiDefinition = {
    protocol: 'REST',
    restApi: importRestApi(ctx, tree.root.id),
    resources: tree.resources(),
    models: deps.registry.models(),
    requestValidators: [...deps.validators.byName.values()],
    gatewayResponses: importGatewayResponses(ctx),
    authorizers: deps.schemes.authorizers,
  }
  const documentation = options.ignoreDocumentation ? undefined : readDocumentationExtension(ctx.doc, problems)

  if (problems.errors.length > 0) return { ok: false, errors: problems.errors }
  if (options.failOnWarnings && problems.warnings.length > 0) return { ok: false, errors: problems.warnings }

  if (existing) definition = applyToExisting(existing, definition, mode, endpointExtension(ctx) !== undefined)
  // parts the document does not carry stay as they are: documentation is managed on its own
  if (documentation) definition.documentationParts = mergeParts(existing?.documentationParts ?? [], documentation, mode).parts
  const warnings = problems.warnings.map(formatWarning)
  if (warnings.length > 0) definition.restApi = { ...definition.restApi, warnings }
  return { ok: true, definition, warnings }
}

function buildTree(ctx: ImportContext, deps: MethodDeps): ResourceTree {
  const merging = ctx.existing !== undefined
  const tree = new ResourceTree(ctx.ids, merging ? ctx.existing!.resources : undefined)
  const paths = isObject(ctx.doc.paths) ? ctx.doc.paths : {}
  for (const [path, pathItem] of Object.entries(paths)) {
    const pathAt = child('/paths', path)
    if (!isObject(pathItem)) continue
    const parsed = parsePath(path, pathAt, ctx.problems)
    const resource = parsed && tree.add(parsed, pathAt, ctx.problems)
    if (!parsed || !resource) continue
    for (const [key, operation] of Object.entries(pathItem)) {
      const httpMethod = OPERATION_KEYS[key]
      if (!httpMethod || !isObject(operation)) continue
      const site = { path, variables: parsed.variables, pathItem, pathAt, opAt: child(pathAt, key) }
      const method = importMethod(ctx, deps, httpMethod, operation, site)
      resource.resourceMethods = { ...resource.resourceMethods, [httpMethod]: method }
    }
  }
  return tree
}


function withoutDocumentation(doc: JsonObject): JsonObject {
  if (!('x-amazon-apigateway-documentation' in doc)) return doc
  const { 'x-amazon-apigateway-documentation': _ignored, ...rest } = doc
  return rest
}
