import type { HttpApiDefinition, V2Model } from '../../../model/index.ts'
import { newId } from '../../../lib/ids.ts'
import { badRequest, conflict } from '../../protocol/errors.ts'
import type { Operation } from '../../protocol/operation.ts'
import { paginateItems } from '../../protocol/paging.ts'
import { optionalString } from '../support/input.ts'
import { checkModelSchema } from '../support/model-schema.ts'
import { modelTemplate } from '../models.ts'
import { changeHttpApi, loadHttpApi, unknownPart } from './v2-access.ts'
import { assignDefined, requiredMember } from './v2-input.ts'

/**
 * GetModels, CreateModel, GetModel, UpdateModel, DeleteModel, GetModelTemplate. Models serve
 * WebSocket request validation; an HTTP API stores them and nothing uses them, as on AWS.
 */

const MODELS = '/v2/apis/{apiId}/models'
const ONE = `${MODELS}/{modelId}`
const MAX_SCHEMA = 32 * 1024

function findModel(definition: HttpApiDefinition, modelId: string): V2Model {
  const model = definition.models.find((m) => m.modelId === modelId)
  if (!model) throw unknownPart('Model', modelId)
  return model
}

function applyModelMembers(definition: HttpApiDefinition, model: V2Model, body: Record<string, unknown>): void {
  const name = optionalString(body, 'name')
  if (name !== undefined) {
    if (!/^[A-Za-z0-9]{1,128}$/.test(name)) throw badRequest('Model name must be alphanumeric (1 to 128 characters)')
    if (definition.models.some((m) => m !== model && m.name === name)) throw conflict(`Model with name ${name} already exists for this API`)
    model.name = name
  }
  const schema = optionalString(body, 'schema')
  if (schema !== undefined) {
    if (schema.length > MAX_SCHEMA) throw badRequest('Model schema must be at most 32 KB')
    model.schema = checkModelSchema(schema)
  }
  assignDefined(model, 'contentType', optionalString(body, 'contentType'))
  assignDefined(model, 'description', optionalString(body, 'description'))
}

export const v2ModelOperations: Operation[] = [
  {
    name: 'CreateModel',
    method: 'POST',
    path: MODELS,
    successStatus: 201,
    handler: ({ params, body }, services) =>
      changeHttpApi(services, params.apiId!, (definition) => {
        requiredMember(body, 'name')
        requiredMember(body, 'schema')
        const model: V2Model = { modelId: newId(6), name: '' }
        applyModelMembers(definition, model, body)
        definition.models.push(model)
        return model
      }),
  },
  {
    name: 'GetModels',
    method: 'GET',
    path: MODELS,
    successStatus: 200,
    async handler({ params, query }, services) {
      return paginateItems((await loadHttpApi(services, params.apiId!)).definition.models, query)
    },
  },
  {
    name: 'GetModel',
    method: 'GET',
    path: ONE,
    successStatus: 200,
    async handler({ params }, services) {
      return findModel((await loadHttpApi(services, params.apiId!)).definition, params.modelId!)
    },
  },
  {
    name: 'UpdateModel',
    method: 'PATCH',
    path: ONE,
    successStatus: 200,
    handler: ({ params, body }, services) =>
      changeHttpApi(services, params.apiId!, (definition) => {
        const model = findModel(definition, params.modelId!)
        applyModelMembers(definition, model, body)
        return model
      }),
  },
  {
    name: 'DeleteModel',
    method: 'DELETE',
    path: ONE,
    successStatus: 204,
    handler: ({ params }, services) =>
      changeHttpApi(services, params.apiId!, (definition) => {
        const model = findModel(definition, params.modelId!)
        definition.models = definition.models.filter((m) => m !== model)
        return {}
      }),
  },
  {
    name: 'GetModelTemplate',
    method: 'GET',
    path: `${ONE}/template`,
    successStatus: 200,
    async handler({ params }, services) {
      const model = findModel((await loadHttpApi(services, params.apiId!)).definition, params.modelId!)
      return { value: modelTemplate(JSON.parse(model.schema ?? '{}') as object) }
    },
  },
]
