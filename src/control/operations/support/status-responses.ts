import type { RestApiDefinition } from '../../../model/index.ts'
import type { Operation, OperationRequest } from '../../protocol/operation.ts'
import { applyPatch, type PatchRule } from '../../protocol/patch.ts'
import { unknownStatus } from '../resource-tree.ts'
import { changeApi, loadApi } from './api-access.ts'

/**
 * Get, Update and Delete of a status-keyed response map — a method's `methodResponses` or an
 * integration's `integrationResponses` — which behave alike apart from where the map lives and
 * how a response is checked. (Put differs in what it reads, so each family writes its own.)
 */
export function statusResponseOperations<R extends object, K extends string, O extends Partial<Record<K, Record<string, R>>>>(spec: {
  /** `Method` or `Integration`: operation names are `Get{noun}Response` etc. */
  noun: string
  path: string
  /** the object that holds the map (throws AWS's not-found error when absent) */
  owner(definition: RestApiDefinition, params: OperationRequest['params']): O
  field: K
  rules: PatchRule<R>[]
  check(definition: RestApiDefinition, response: R): void
  /** botocore: UpdateMethodResponse answers 201, UpdateIntegrationResponse 200 */
  updateStatus: number
}): Operation[] {
  const { noun, path, owner, field, rules, check, updateStatus } = spec
  const responsesOf = (o: O): Record<string, R> | undefined => o[field] as Record<string, R> | undefined
  return [
    {
      name: `Get${noun}Response`,
      method: 'GET',
      path,
      successStatus: 200,
      async handler({ params }, services) {
        const { definition } = await loadApi(services, params.restapi_id!)
        const response = responsesOf(owner(definition, params))?.[params.status_code!]
        if (!response) throw unknownStatus()
        return structuredClone(response)
      },
    },
    {
      name: `Update${noun}Response`,
      method: 'PATCH',
      path,
      successStatus: updateStatus,
      async handler({ params, body }, services) {
        return changeApi(services, params.restapi_id!, (definition) => {
          const holder = owner(definition, params)
          const responses = responsesOf(holder)
          const response = responses?.[params.status_code!]
          if (!responses || !response) throw unknownStatus()
          const patched = applyPatch(response, body.patchOperations, rules, { ops: ['add', 'remove', 'replace'] })
          check(definition, patched)
          responses[params.status_code!] = patched
          return structuredClone(patched)
        })
      },
    },
    {
      name: `Delete${noun}Response`,
      method: 'DELETE',
      path,
      successStatus: 204,
      async handler({ params }, services) {
        return changeApi(services, params.restapi_id!, (definition) => {
          const holder = owner(definition, params)
          const responses = responsesOf(holder)
          if (!responses?.[params.status_code!]) throw unknownStatus()
          const { [params.status_code!]: _gone, ...rest } = responses
          if (Object.keys(rest).length === 0) delete holder[field]
          else (holder as Record<K, Record<string, R>>)[field] = rest
          return undefined
        })
      },
    },
  ]
}
