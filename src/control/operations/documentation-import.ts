import { isObject } from '../../openapi/json.ts'
import { parseText } from '../../openapi/index.ts'
import { mergeParts, readDocumentationExtension } from '../../openapi/documentation-import.ts'
import { Problems, formatWarning } from '../../openapi/problems.ts'
import { badRequest } from '../protocol/errors.ts'
import type { Operation } from '../protocol/operation.ts'
import { changeApi } from './support/api-access.ts'
import { checkPartQuota } from './documentation-parts.ts'

/**
 * ImportDocumentationParts: `PUT /restapis/{id}/documentation/parts?mode=merge|overwrite&failonwarnings=`
 * with an OpenAPI document (JSON or YAML) carrying `x-amazon-apigateway-documentation`. Only the
 * documentation changes; the API's entities never do. Answers `{ids, warnings}`.
 */

const UNREADABLE = 'Unable to build importer with provided input.'

export const documentationImportOperations: Operation[] = [
  {
    name: 'ImportDocumentationParts',
    method: 'PUT',
    path: '/restapis/{restapi_id}/documentation/parts',
    successStatus: 200,
    rawBody: true,
    async handler({ params, query, rawBody }, services) {
      const mode = query.get('mode') ?? 'merge'
      if (mode !== 'merge' && mode !== 'overwrite') {
        throw badRequest(`1 validation error detected: Value '${mode}' at 'mode' failed to satisfy constraint: Member must satisfy enum value set: [merge, overwrite]`)
      }
      const failText = (query.get('failonwarnings') ?? 'false').toLowerCase()
      if (failText !== 'true' && failText !== 'false') throw badRequest(`Invalid failonwarnings value: ${failText}`)
      const parsed = parseText(rawBody.toString('utf8'))
      if (!parsed.ok || !isObject(parsed.document)) throw badRequest(UNREADABLE)
      const problems = new Problems()
      const imported = readDocumentationExtension(parsed.document, problems)
      if (imported === undefined) problems.warn('', 'The document has no x-amazon-apigateway-documentation: nothing was imported')
      if (problems.errors.length > 0) throw badRequest(`${UNREADABLE} ${problems.errors.map(formatWarning).join('; ')}`)
      const warnings = problems.warnings.map(formatWarning)
      if (failText === 'true' && warnings.length > 0) throw badRequest(`Import failed on warnings: ${warnings.join('; ')}`)
      return changeApi(services, params.restapi_id!, (definition) => {
        const merged = mergeParts(definition.documentationParts ?? [], imported ?? [], mode)
        checkPartQuota(merged.parts.length)
        definition.documentationParts = merged.parts
        return { ids: merged.ids, warnings }
      })
    },
  },
]
