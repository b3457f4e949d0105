import type { AnyDeployment, AnyStage, ApiDefinition, ApiProtocol, DeploymentOf, RestApi, Stage, StageOf, V2Api, V2Stage } from '../../model/index.ts'
import type { AccountStore, VpcLinkStore } from './account-store.ts'
import type { DomainStore } from './domain-store.ts'
import type { StoreWatcher } from './store-watch.ts'

export type { AccountStore, ImportedApiKey, VpcLinkStore } from './account-store.ts'
export type { DomainStore } from './domain-store.ts'
export type { AccountResource, StoreChange, StoreWatcher } from './store-watch.ts'

/**
 * The configuration store: every API (REST, HTTP or WebSocket, one namespace of ids), its
 * deployments (immutable snapshots) and stages.
 *
 * One contract, several implementations (SQLite embedded now, PostgreSQL later); the suite in
 * test/contract/store.contract.ts runs against each. Every method that writes more than one row
 * does so in one transaction: a failure leaves nothing half-written.
 *
 * An API's definition is read and written whole. Management operations are rare (AWS allows
 * 10 per second per account), so read-modify-write of one aggregate keeps the contract small;
 * `expectedVersion` turns a lost update into a StoreConflictError instead.
 *
 * The account-level resources (API keys, usage plans, certificates, account, audit) are in
 * AccountStore (account-store.ts); custom domains and certificates in DomainStore (domain-store.ts).
 *
 * Every write that changes configuration is announced to the store's watchers once it has
 * committed (`watch`); nothing else announces changes.
 */
export interface Store extends AccountStore, DomainStore, VpcLinkStore {
  /**
   * Calls `watcher` with each change after its write committed: one announcement per changed
   * object per write, in commit order, none for a write that failed or changed nothing. A
   * watcher must not throw (it is reported and skipped) and must not wait on the store before
   * returning. Returns the function that stops the calls.
   */
  watch(watcher: StoreWatcher): () => void

  /** the REST APIs' summaries in creation order */
  listRestApis(): Promise<RestApi[]>
  /**
   * one REST API's summary, as listRestApis gives it (undefined when there is none, or the id is
   * another protocol's API): for reads that need to know the API exists, not its resources
   */
  getRestApi(apiId: string): Promise<RestApi | undefined>
  /** the HTTP and WebSocket APIs (apigatewayv2's GetApis) in creation order */
  listV2Apis(): Promise<V2Api[]>
  /**
   * The definition as last saved, if the API exists with that protocol (REST unless given).
   * A REST API's resources come ordered by path with the root first, and a resource without
   * methods has no `resourceMethods`; models, validators, gateway responses, authorizers and
   * each resource's methods keep the order they were saved in. The definition is deep-frozen
   * and may be shared between reads: copy it to change it.
   */
  getApi<P extends ApiProtocol = 'REST'>(apiId: string, protocol?: P): Promise<StoredApi<DefinitionOf<P>> | undefined>
  /**
   * Creates or replaces an API definition (its row and all child rows) in one transaction.
   * With `expectedVersion`, fails with StoreConflictError when the stored version differs
   * (`0` means "must not exist yet"), and always when the id is another protocol's API.
   * Returns the new version.
   */
  saveApi(definition: ApiDefinition, expectedVersion?: number): Promise<number>
  /** deletes the API (REST unless given) with its deployments and stages; false when it did not exist with that protocol */
  deleteApi(apiId: string, protocol?: ApiProtocol): Promise<boolean>

  /**
   * stores a deployment with the frozen definition it serves and, given `stage`, puts that
   * stage in the same transaction (CreateDeployment with a stageName: one change, never a stage
   * half-updated); rejects when the API does not exist, and with StoreConflictError when the
   * deployment id is taken
   */
  createDeployment(apiId: string, deployment: AnyDeployment, snapshot: ApiDefinition, stage?: AnyStage): Promise<void>
  /**
   * in creation order. Deployments, like stages below, are read typed by protocol (REST unless
   * given); given a protocol, an API of another protocol has none. Without one nothing is
   * checked: the REST operations ask only about REST APIs they have read.
   */
  listDeployments<P extends ApiProtocol = 'REST'>(apiId: string, protocol?: P): Promise<Array<DeploymentOf<P>>>
  getDeployment<P extends ApiProtocol = 'REST'>(apiId: string, deploymentId: string, protocol?: P): Promise<DeploymentOf<P> | undefined>
  /** the frozen definition, tagged with its API's protocol */
  getDeploymentSnapshot(apiId: string, deploymentId: string): Promise<ApiDefinition | undefined>
  /** replaces a deployment's metadata (never its snapshot); rejects when it does not exist */
  updateDeployment(apiId: string, deployment: AnyDeployment): Promise<void>
  /**
   * false when it did not exist; throws StoreConflictError when a stage (or a stage's canary)
   * still points at it
   */
  deleteDeployment(apiId: string, deploymentId: string): Promise<boolean>

  /** in creation order; given a protocol, none when the API is of another */
  listStages<P extends ApiProtocol = 'REST'>(apiId: string, protocol?: P): Promise<Array<StageOf<P>>>
  /** given a protocol, undefined when the API is of another */
  getStage<P extends ApiProtocol = 'REST'>(apiId: string, stageName: string, protocol?: P): Promise<StageOf<P> | undefined>
  /** a stage tagged with its API's protocol, for readers that follow every API (the data plane) */
  getAnyStage(apiId: string, stageName: string): Promise<StageEntry | undefined>
  /**
   * creates or replaces a stage (a replaced stage keeps its place in lists); rejects when the
   * API does not exist. An apigatewayv2 stage without `deploymentId` serves nothing yet: it is
   * announced with `deploymentId` undefined.
   */
  putStage(apiId: string, stage: AnyStage): Promise<void>
  deleteStage(apiId: string, stageName: string): Promise<boolean>
  /** every stage of every API, whatever its protocol, for the data plane to compile at start-up; APIs, then stages, in creation order */
  listAllStages(): Promise<StageEntry[]>

  /**
   * Empties what a test run builds, in one transaction: every API of every protocol with its
   * deployments and stages, every API key, usage plan, plan key and usage count. Keeps the
   * account settings, client certificates and the audit trail. Announces each stage and API
   * gone, then the keys and plans changed; nothing when there was nothing to remove.
   */
  reset(): Promise<void>

  close(): Promise<void>
}

/** A stage with its API's id and protocol. */
export type StageEntry =
  | { apiId: string; protocol: 'REST'; stage: Stage }
  | { apiId: string; protocol: 'HTTP' | 'WEBSOCKET'; stage: V2Stage }

/** The definition of a protocol's APIs. */
export type DefinitionOf<P extends ApiProtocol> = Extract<ApiDefinition, { protocol: P }>

export interface StoredApi<D extends ApiDefinition = ApiDefinition> {
  definition: D
  /** increases by one on every saveApi */
  version: number
}

export class StoreConflictError extends Error {
  override name = 'StoreConflictError'
}

/** a read-modify-write lost: the record changed since it was read (the caller's `expected`) */
export class StoreVersionConflictError extends StoreConflictError {
  override name = 'StoreVersionConflictError'
}

/** a write would break one of AWS's limits (a key in more than MAX_PLANS_PER_KEY plans) */
export class StoreLimitError extends Error {
  override name = 'StoreLimitError'
}

/** a write refers to something that does not exist (a usage plan or an API key) */
export class StoreMissingError extends Error {
  override name = 'StoreMissingError'
}
