import type { RestApiDefinition, RequestValidator } from '../../model/index.ts'
import { newId } from '../../lib/ids.ts'
import { badRequest, notFound } from '../protocol/errors.ts'
import type { Operation } from '../protocol/operation.ts'
import { applyPatch, readOperations, type PatchRule } from '../protocol/patch.ts'
import { changeApi, loadApi } from './support/api-access.ts'
import { optionalBoolean, optionalString, unsupportedPatchOp } from './support/input.ts'
import { paginate } from '../protocol/paging.ts'

/** CreateRequestValidator, GetRequestValidator(s), UpdateRequestValidator, DeleteRequestValidator. */

const API = '/restapis/{restapi_id}/requestvalidators'
const ONE = `${API}/{requestvalidator_id}`

const UNKNOWN = 'Invalid Request Validator identifier specified'
const unknownValidator = () => notFound(UNKNOWN)

function findValidator(definition: RestApiDefinition, id: string): RequestValidator {
  const validator = definition.requestValidators.find((v) => v.id === id)
  if (!validator) throw unknownValidator()
  return validator
}

// a replace without a value clears a flag (recorded against AWS)
const flag = (member: 'validateRequestBody' | 'validateRequestParameters'): PatchRule<RequestValidator> => ({
  path: `/${member}`,
  ops: ['replace'],
  apply(validator, change) {
    const text = change.value as string | undefined
    if (text !== undefined && text.toLowerCase() !== 'true' && text.toLowerCase() !== 'false') {
      throw badRequest(`Invalid boolean value '${text}' specified for path '/${member}'`)
    }
    validator[member] = text?.toLowerCase() === 'true'
  },
})

const PATCH_RULES: PatchRule<RequestValidator>[] = [
  {
    path: '/name',
    ops: ['replace'],
    apply(validator, change) {
      const name = change.value as string | undefined
      if (name === undefined || name.trim() === '') throw badRequest('Request Validator name cannot be blank')
      validator.name = name
    },
  },
  flag('validateRequestParameters'),
  flag('validateRequestBody'),
]

export const requestValidatorOperations: Operation[] = [
  {
    name: 'CreateRequestValidator',
    method: 'POST',
    path: API,
    successStatus: 201,
    async handler({ params, body }, services) {
      const name = optionalString(body, 'name')
      const validator: RequestValidator = {
        id: newId(6),
        ...(name !== undefined && { name }),
        validateRequestBody: optionalBoolean(body, 'validateRequestBody') ?? false,
        validateRequestParameters: optionalBoolean(body, 'validateRequestParameters') ?? false,
      }
      // AWS answers an unknown API here with a 400 of its own (recorded against AWS)
      return changeApi(
        services,
        params.restapi_id!,
        (definition) => {
          definition.requestValidators.push(validator)
          return renderValidator(validator)
        },
        () => badRequest('Invalid REST API identifier specified'),
      )
    },
  },
  {
    name: 'GetRequestValidators',
    method: 'GET',
    path: API,
    successStatus: 200,
    async handler({ params, query }, services) {
      const { definition } = await loadApi(services, params.restapi_id!)
      return paginate(definition.requestValidators.map(renderValidator), query)
    },
  },
  {
    name: 'GetRequestValidator',
    method: 'GET',
    path: ONE,
    successStatus: 200,
    async handler({ params }, services) {
      const { definition } = await loadApi(services, params.restapi_id!, unknownValidator)
      return renderValidator(findValidator(definition, params.requestvalidator_id!))
    },
  },
  {
    name: 'UpdateRequestValidator',
    method: 'PATCH',
    path: ONE,
    successStatus: 200,
    async handler({ params, body }, services) {
      return changeApi(
        services,
        params.restapi_id!,
        (definition) => {
          const validator = findValidator(definition, params.requestvalidator_id!)
          for (const op of readOperations(body.patchOperations)) if (op.op !== 'replace') throw unsupportedPatchOp(op.op, op.path)
          Object.assign(validator, applyPatch(validator, body.patchOperations, PATCH_RULES))
          return renderValidator(validator)
        },
        unknownValidator,
      )
    },
  },
  {
    name: 'DeleteRequestValidator',
    method: 'DELETE',
    path: ONE,
    successStatus: 202,
    async handler({ params }, services) {
      const id = params.requestvalidator_id!
      return changeApi(
        services,
        params.restapi_id!,
        (definition) => {
          findValidator(definition, id)
          definition.requestValidators = definition.requestValidators.filter((v) => v.id !== id)
          // methods that used it validate nothing from now on, rather than failing the next deployment
          for (const resource of definition.resources) {
            for (const method of Object.values(resource.resourceMethods ?? {})) {
              if (method.requestValidatorId === id) delete method.requestValidatorId
            }
          }
          return {}
        },
        unknownValidator,
      )
    },
  },
]

export function renderValidator(validator: RequestValidator): Record<string, unknown> {
  return {
    id: validator.id,
    ...(validator.name !== undefined && { name: validator.name }),
    validateRequestBody: validator.validateRequestBody,
    validateRequestParameters: validator.validateRequestParameters,
  }
}
