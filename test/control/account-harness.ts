import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { resolveConfig } from '../../src/config.ts'
import type { ControlServices, Operation } from '../../src/control/protocol/operation.ts'
import { openSqliteStore } from '../../src/control/store/sqlite/sqlite-store.ts'
import { apiKeyOperations } from '../../src/control/operations/api-keys.ts'
import { usagePlanOperations } from '../../src/control/operations/usage-plans.ts'
import { clientCertificateOperations } from '../../src/control/operations/client-certificates.ts'
import { accountOperations } from '../../src/control/operations/account.ts'
import { tagOperations } from '../../src/control/operations/tags.ts'
import type { RestApiDefinition, Stage } from '../../src/model/index.ts'

/**
 * Calls the account-level operations' handlers directly, with real ControlServices over a
 * SQLite store in a temporary directory and a clock the test moves.
 */

const OPERATIONS: Operation[] = [
  ...apiKeyOperations,
  ...usagePlanOperations,
  ...clientCertificateOperations,
  ...accountOperations,
  ...tagOperations,
]

export interface CallInput {
  params?: Record<string, string>
  query?: Record<string, string | string[]>
  body?: Record<string, unknown>
  rawBody?: string
}

export interface Harness {
  services: ControlServices
  /** epoch seconds the handlers see */
  clock: { now: number }
  call(operation: string, input?: CallInput): Promise<unknown>
  /** a REST API `apiId` with a stage `stageName` in the store */
  seedStage(apiId: string, stageName: string): Promise<void>
  close(): Promise<void>
}

export async function openHarness(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'portico-account-'))
  const store = await openSqliteStore({ dataDir: dir })
  const clock = { now: Date.UTC(2026, 0, 15, 12) / 1000 }
  const services: ControlServices = {
    store,
    config: resolveConfig({ dataDir: dir }, {}),
    now: () => clock.now,
  }
  return {
    services,
    clock,
    async call(name, input = {}) {
      const operation = OPERATIONS.find((o) => o.name === name)
      if (!operation) throw new Error(`no operation ${name}`)
      const query = new URLSearchParams()
      for (const [k, v] of Object.entries(input.query ?? {})) for (const one of [v].flat()) query.append(k, one)
      const rawBody = Buffer.from(input.rawBody ?? (input.body ? JSON.stringify(input.body) : ''))
      return operation.handler(
        {
          params: input.params ?? {},
          query,
          headers: {},
          body: input.body ?? {},
          rawBody,
          accessKeyId: 'AKIDTEST',
          requestId: 'req-1',
        },
        services,
      )
    },
    async seedStage(apiId, stageName) {
      if (!(await store.getApi(apiId))) await store.saveApi(definition(apiId))
      if (!(await store.getDeployment(apiId, 'dep1'))) {
        await store.createDeployment(apiId, { id: 'dep1', createdDate: clock.now }, definition(apiId))
      }
      await store.putStage(apiId, stage(stageName))
    },
    async close() {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

function definition(apiId: string): RestApiDefinition {
  return {
    protocol: 'REST',
    restApi: {
      id: apiId,
      name: `api ${apiId}`,
      createdDate: 1_700_000_000,
      apiKeySource: 'HEADER',
      endpointConfiguration: { types: ['EDGE'] },
      disableExecuteApiEndpoint: false,
      rootResourceId: `${apiId}root`,
    },
    resources: [{ id: `${apiId}root`, path: '/' }],
    models: [],
    requestValidators: [],
    gatewayResponses: [],
    authorizers: [],
  }
}

function stage(stageName: string): Stage {
  return {
    stageName,
    deploymentId: 'dep1',
    cacheClusterEnabled: false,
    methodSettings: {},
    tracingEnabled: false,
    createdDate: 1_700_000_000,
    lastUpdatedDate: 1_700_000_000,
  }
}

/** `{name, message}` to match an ApiError with assert.rejects */
export function apiError(name: string, message: string | RegExp): { name: string; message: string | RegExp } {
  return { name, message }
}
