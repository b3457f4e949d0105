import { readBody } from './stages/read-body.ts'
import { matchRoute, requireRoute } from './stages/route.ts'
import type { PipelineStage } from '../gateway/types.ts'

/**
 * The stages every request runs before its method's, whatever carried it (a socket, `inject()`):
 * route, read the body (or check the one that came whole), refuse a request no method matched.
 */
export function requestPhase(maxBodyBytes: number): readonly PipelineStage[] {
  return Object.freeze([matchRoute(), readBody(maxBodyBytes), requireRoute()])
}
