import type { Method } from './method.ts'

export const HTTP_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'ANY'] as const
export type HttpMethod = (typeof HTTP_METHODS)[number]

export interface Resource {
  id: string
  /** absent on the root resource */
  parentId?: string
  /** absent on the root resource; `{name}` for a path parameter, `{name+}` for a greedy one */
  pathPart?: string
  /** full path, e.g. `/pets/{petId}`; `/` for the root */
  path: string
  /** keyed by HTTP verb (`GET`, …, `ANY`) */
  resourceMethods?: Record<string, Method>
}
