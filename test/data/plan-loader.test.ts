/** The plan loader follows a real SQLite store's watch: in order, coalesced, errors kept to the stage. */
import type { Stage } from '../../src/model/index.ts'
import assert from 'node:assert/strict'
import diagnostics from 'node:diagnostics_channel'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { compileStagePlan } from '../../src/compile/stage-plan.ts'
import { openSqliteStore, type SqliteStore } from '../../src/control/store/sqlite/sqlite-store.ts'
import type { StoreChange } from '../../src/control/store/store.ts'
import { createPlanLoader, PLAN_LOADED_CHANNEL, type PlanLoadedMessage, type StageChange } from '../../src/data/plan-loader.ts'
import { PlanRegistry } from '../../src/data/plan-registry.ts'
import { apiKey } from '../contract/account-store.contract.ts'
import { deployment, stage } from '../contract/store-fixtures.ts'
import { API_ID, apiDefinition, echoIntegration, noUpstream } from './fixtures.ts'

describe('plan loader', () => {
  let dir: string
  let store: SqliteStore
  let registry: PlanRegistry
  let loaded: PlanLoadedMessage[]
  const onLoaded = (message: unknown): void => {
    loaded.push(message as PlanLoadedMessage)
  }
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-loader-'))
    store = await openSqliteStore({ dataDir: dir })
    registry = new PlanRegistry()
    loaded = []
    diagnostics.subscribe(PLAN_LOADED_CHANNEL, onLoaded)
    const definition = apiDefinition({ '/pets': ['GET'] })
    await store.saveApi(definition)
    await store.createDeployment(API_ID, deployment('d1'), definition, stage('prod', 'd1'))
  })
  afterEach(async () => {
    diagnostics.unsubscribe(PLAN_LOADED_CHANNEL, onLoaded)
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const loader = (extra: { onCompileError?: (change: StageChange, error: Error) => void; onChange?: (change: StoreChange) => Promise<void> } = {}) =>
    createPlanLoader({ store, registry, compile: (target) => compileStagePlan({ ...target, upstream: noUpstream, integrations: echoIntegration }), ...extra })

  it('loads every stage, then follows each change in commit order', async () => {
    const l = loader()
    await l.loadAll()
    assert.equal(registry.get(API_ID, 'prod')?.deploymentId, 'd1')
    await store.createDeployment(API_ID, deployment('d2'), apiDefinition({ '/pets': ['GET'] }), stage('prod', 'd2'))
    await store.putStage(API_ID, stage('dev', 'd1'))
    await store.deleteStage(API_ID, 'prod')
    await l.settled()
    assert.equal(registry.get(API_ID, 'prod'), undefined)
    assert.equal(registry.get(API_ID, 'dev')?.deploymentId, 'd1')
    assert.deepEqual(loaded.map((m) => [m.stageName, m.stage?.deploymentId]), [['prod', 'd1'], ['prod', 'd2'], ['dev', 'd1'], ['prod', undefined]])
    await l.close()
  })

  it('a burst of writes to one stage while its load waits is loaded once, from the last write', async () => {
    const l = loader()
    await l.loadAll()
    loaded = []
    await Promise.all([1, 2, 3, 4, 5].map((n) => store.putStage(API_ID, stage('prod', 'd1', { variables: { n: String(n) } }))))
    await l.settled()
    assert.deepEqual(loaded.map((m) => (m.stage as Stage | undefined)?.variables), [{ n: '5' }])
    assert.deepEqual(registry.get(API_ID, 'prod')?.stageVariables, { n: '5' })
    await l.close()
  })

  it('a stage that does not compile is reported and keeps its previous plan; other changes go to onChange', async () => {
    const failures: string[] = []
    const others: StoreChange[] = []
    const l = loader({ onCompileError: (change, error) => failures.push(`${change.stageName}: ${error.message}`), onChange: async (change) => void others.push(change) })
    await l.loadAll()
    const broken = apiDefinition({ '/pets': { GET: { requestValidatorId: 'nope' } } })
    await store.createDeployment(API_ID, deployment('d2'), broken, stage('prod', 'd2'))
    await store.createApiKey(apiKey('k1'))
    await l.settled()
    assert.equal(failures.length, 1)
    assert.match(failures[0]!, /^prod: .*request validator nope does not exist/)
    assert.equal(registry.get(API_ID, 'prod')?.deploymentId, 'd1')
    assert.deepEqual(others, [{ kind: 'account', resource: 'api-key' }])
    await l.close()
  })

  it('stops following the store once closed', async () => {
    const l = loader()
    await l.loadAll()
    await l.close()
    await store.deleteStage(API_ID, 'prod')
    assert.equal(registry.get(API_ID, 'prod')?.deploymentId, 'd1')
  })
})
