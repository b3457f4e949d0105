import type { RestApiDefinition, Model } from '../../model/index.ts'
import { newId } from '../../lib/ids.ts'
import { modelUri } from '../../compile/model-validators.ts'
import { badRequest, conflict, notFound } from '../protocol/errors.ts'
import type { Operation } from '../protocol/operation.ts'
import { applyPatch, readOperations, type PatchRule } from '../protocol/patch.ts'
import { changeApi, loadApi } from './support/api-access.ts'
import { optionalString, unsupportedPatchOp } from './support/input.ts'
import { checkModelReferences, checkModelSchema } from './support/model-schema.ts'
import { paginate } from '../protocol/paging.ts'

/** CreateModel, GetModel(s), UpdateModel, DeleteModel, GetModelTemplate. */

const API = '/restapis/{restapi_id}/models'
const ONE = `${API}/{model_name}`

const unknownModel = (name: string) => notFound(`Invalid model name specified: ${name}`)

function findModel(definition: RestApiDefinition, name: string): Model {
  const model = definition.models.find((m) => m.name === name)
  if (!model) throw unknownModel(name)
  return model
}

const PATCH_RULES: PatchRule<Model>[] = [
  { path: '/description', ops: ['replace'] },
  {
    path: '/schema',
    ops: ['replace'],
    apply(model, change) {
      model.schema = checkModelSchema(change.value as string | undefined)
    },
  },
]

export const modelOperations: Operation[] = [
  {
    name: 'CreateModel',
    method: 'POST',
    path: API,
    successStatus: 201,
    async handler({ params, body }, services) {
      const name = optionalString(body, 'name') ?? ''
      if (name === '') throw badRequest('Model name must be non-empty')
      if (!/^[A-Za-z0-9]+$/.test(name)) throw badRequest('Model name must be alphanumeric')
      const contentType = optionalString(body, 'contentType')
      if (contentType === undefined || contentType === '') throw badRequest('Content type must be non-empty')
      const description = optionalString(body, 'description')
      const schema = checkModelSchema(optionalString(body, 'schema'))
      return changeApi(services, params.restapi_id!, (definition) => {
        if (definition.models.some((m) => m.name === name)) throw conflict('Model name already exists for this REST API')
        const model: Model = { id: newId(), name, contentType, schema, ...(description !== undefined && description !== '' && { description }) }
        definition.models.push(model)
        checkModelReferences(definition)
        return renderModel(model)
      })
    },
  },
  {
    name: 'GetModels',
    method: 'GET',
    path: API,
    successStatus: 200,
    async handler({ params, query }, services) {
      const { definition } = await loadApi(services, params.restapi_id!)
      return paginate(definition.models.map(renderModel), query)
    },
  },
  {
    name: 'GetModel',
    method: 'GET',
    path: ONE,
    successStatus: 200,
    async handler({ params, query }, services) {
      const name = params.model_name!
      const { definition } = await loadApi(services, params.restapi_id!, () => unknownModel(name))
      const model = findModel(definition, name)
      if (query.get('flatten') === 'true' && model.schema !== undefined) {
        return renderModel({ ...model, schema: JSON.stringify(flattened(definition, model)) })
      }
      return renderModel(model)
    },
  },
  {
    name: 'UpdateModel',
    method: 'PATCH',
    path: ONE,
    successStatus: 200,
    async handler({ params, body }, services) {
      const name = params.model_name!
      return changeApi(
        services,
        params.restapi_id!,
        (definition) => {
          const model = findModel(definition, name)
          for (const op of readOperations(body.patchOperations)) if (op.op !== 'replace') throw unsupportedPatchOp(op.op, op.path)
          const patched = applyPatch(model, body.patchOperations, PATCH_RULES)
          if (patched.description === '') delete patched.description
          Object.assign(model, patched)
          checkModelReferences(definition)
          return renderModel(model)
        },
        () => unknownModel(name),
      )
    },
  },
  {
    name: 'DeleteModel',
    method: 'DELETE',
    path: ONE,
    successStatus: 202,
    async handler({ params }, services) {
      const name = params.model_name!
      return changeApi(
        services,
        params.restapi_id!,
        (definition) => {
          findModel(definition, name)
          const user = firstUser(definition, name)
          if (user) throw conflict(`Cannot delete model '${name}', is referenced in method request: ${user}`)
          definition.models = definition.models.filter((m) => m.name !== name)
          return {}
        },
        () => unknownModel(name),
      )
    },
  },
  {
    name: 'GetModelTemplate',
    method: 'GET',
    path: `${ONE}/default_template`,
    successStatus: 200,
    async handler({ params }, services) {
      const name = params.model_name!
      const { definition } = await loadApi(services, params.restapi_id!, () => unknownModel(name))
      const model = findModel(definition, name)
      const schema = model.schema === undefined ? {} : (flattened(definition, model) as object)
      return { value: modelTemplate(schema) }
    },
  },
]

export function renderModel(model: Model): Record<string, unknown> {
  return {
    id: model.id,
    name: model.name,
    ...(model.description !== undefined && { description: model.description }),
    ...(model.schema !== undefined && { schema: model.schema }),
    contentType: model.contentType,
  }
}

/** `/path/VERB` of the first method whose request models use `name`, as AWS's conflict text shows it. */
function firstUser(definition: RestApiDefinition, name: string): string | undefined {
  for (const resource of definition.resources) {
    for (const [verb, method] of Object.entries(resource.resourceMethods ?? {})) {
      if (Object.values(method.requestModels ?? {}).includes(name)) return `${resource.path}/${verb}`
    }
  }
  return undefined
}

// the expansion is walked recursively, and models that each reference the next twice double it at every step
const FLATTEN_MAX_DEPTH = 512
const FLATTEN_MAX_VALUES = 100_000

/** `?flatten=true`: `$ref`s to the API's other models replaced by their schemas (cycles left as refs). */
function flattened(definition: RestApiDefinition, model: Model): unknown {
  const prefix = modelUri(definition.restApi.id, '')
  let values = 0
  const tooLarge = () =>
    badRequest(`Model ${model.name} cannot be flattened: with its references expanded it nests more than ${FLATTEN_MAX_DEPTH} levels deep or holds more than ${FLATTEN_MAX_VALUES} values`)
  const flatten = (node: unknown, seen: ReadonlySet<string>, depth: number): unknown => {
    if (++values > FLATTEN_MAX_VALUES) throw tooLarge()
    if (node === null || typeof node !== 'object') return node
    if (depth >= FLATTEN_MAX_DEPTH) throw tooLarge()
    if (Array.isArray(node)) return node.map((n) => flatten(n, seen, depth + 1))
    const obj = node as Record<string, unknown>
    const ref = obj.$ref
    if (typeof ref === 'string') {
      const name = ref.startsWith(prefix) ? ref.slice(prefix.length) : undefined
      const target = name === undefined ? undefined : definition.models.find((m) => m.name === name)
      if (target?.schema !== undefined && !seen.has(target.name)) {
        const inner = JSON.parse(target.schema) as Record<string, unknown>
        delete inner.$schema
        return flatten(inner, new Set([...seen, target.name]), depth)
      }
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, flatten(v, seen, depth + 1)]))
  }
  return flatten(JSON.parse(model.schema ?? '{}') as unknown, new Set([model.name]), 0)
}

/** GetModelTemplate: a VTL mapping template that builds a document of the model's shape from `$input`. */
export function modelTemplate(schema: object): string {
  const lines = ['#set($inputRoot = $input.path(\'$\'))']
  lines.push(templateFor(schema as Record<string, unknown>, '$inputRoot', ''))
  return lines.join('\n')
}

function templateFor(schema: Record<string, unknown>, ref: string, indent: string): string {
  const type = schema.type
  if (type === 'object' || schema.properties !== undefined) {
    const props = Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>)
    if (props.length === 0) return '{}'
    const inner = props.map(([k, v]) => `${indent}  "${k}" : ${templateFor(v, `${ref}.${k}`, indent + '  ')}`)
    return `{\n${inner.join(',\n')}\n${indent}}`
  }
  if (type === 'array') {
    const items = (schema.items ?? {}) as Record<string, unknown>
    return `[\n${indent}#foreach($elem in ${ref})\n${indent}  ${templateFor(items, '$elem', indent + '  ')}#if($foreach.hasNext),#end\n${indent}#end\n${indent}]`
  }
  if (type === 'string') return `"${ref}"`
  return ref
}
