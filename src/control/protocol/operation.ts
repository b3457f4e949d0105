import type { IncomingHttpHeaders } from 'node:http'
import type { Store } from '../store/store.ts'
import type { PorticoConfig } from '../../config.ts'
import type { FunctionInvoker } from '../../gateway/function-invoker.ts'
import type { AwsServiceOptions } from '../../integrations/aws-service/options.ts'
import type { AuthorizerTester } from '../../auth/test-invoke.ts'
import type { TestInvoker } from '../../gateway/test-invoker.ts'

/**
 * One management-API operation (botocore's name, verb, path template and success status) with
 * its handler. Families of operations live one file each under src/control/operations/ and
 * export an array of these; the protocol router collects them.
 */
export interface Operation {
  /** botocore operation name, e.g. `CreateRestApi` */
  name: string
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** path template with botocore's parameter names, e.g. `/restapis/{restapi_id}/resources/{resource_id}` */
  path: string
  /** only match when this query parameter has this value (ImportRestApi: `mode=import`) */
  query?: Record<string, string>
  /** 200, 201, 202 or 204 (204 sends no body) */
  successStatus: number
  /** the body is passed raw (OpenAPI imports, ImportApiKeys) instead of parsed JSON */
  rawBody?: boolean
  handler(request: OperationRequest, services: ControlServices): Promise<OperationResult>
}

export interface OperationRequest {
  /** decoded path parameters by botocore name */
  params: Record<string, string>
  query: URLSearchParams
  headers: IncomingHttpHeaders
  /** parsed JSON body (`{}` when empty), unless the operation takes it raw */
  body: Record<string, unknown>
  rawBody: Buffer
  /** the verified caller, for the audit trail */
  accessKeyId: string
  requestId: string
}

/** A JSON value to send with the success status, or a raw response (GetExport). */
export type OperationResult = unknown | RawResult

export interface RawResult {
  raw: true
  contentType: string
  body: string | Buffer
  headers?: Record<string, string>
}

export interface ControlServices {
  store: Store
  config: PorticoConfig
  /** epoch seconds, injectable for tests */
  now(): number
  /** the port the data plane answers on (the bound one when 0 was asked for); without it `config.port` */
  dataPort?: () => number
  /** runs the Lambda functions of AWS_PROXY / AWS integrations in TestInvokeMethod (without it they answer 500) */
  invoker?: FunctionInvoker
  /** endpoints and keys of AWS service integrations in TestInvokeMethod (without it they answer 500) */
  services?: AwsServiceOptions
  /** empties a stage's response cache (FlushStageCache); without it there is no cache to flush */
  flushStageCache?: (apiId: string, stageName: string) => Promise<void>
  /**
   * writes the data plane's pending usage counts to the store, so UpdateUsage's new remaining
   * quota is counted from after them (without it those counts would lower the new figure)
   */
  flushUsage?: () => Promise<void>
  /** drops a stage's cached Lambda authorizer results (FlushStageAuthorizersCache) */
  flushAuthorizerCache?: (apiId: string, stageName: string) => void
  /** runs an authorizer on a test request (TestInvokeAuthorizer) */
  testInvokeAuthorizer?: AuthorizerTester
  /** runs test requests through the data plane's pipeline (TestInvokeMethod, TestInvokeAuthorizer); without it they answer 400 */
  testInvoker?: TestInvoker
  /** the data plane's rolling metric history (observe/), for GetPorticoMetrics */
  metrics?: MetricsHistorySource
  /** empties the gateway (control/reset.ts), for ResetPortico */
  reset?: () => Promise<void>
  /** the last requests per stage (observe/request-history.ts), for GetPorticoRequests */
  requests?: RequestHistorySource
  /** the newest access-log lines per stage (observe/access-log-tail.ts), for GetPorticoLogs */
  accessLogs?: AccessLogTailSource
  /** `s3://bucket/key` truststore URIs → local files (the config file's `truststores`) */
  truststores?: Readonly<Record<string, string>>
}

/** What the management API reads of observe/'s request history. */
export interface RequestHistorySource {
  readonly perStage: number
  list(filter: { apiId?: string; stage?: string }): unknown[]
}

/** What the management API reads of observe/'s access-log tail. */
export interface AccessLogTailSource {
  readonly perStage: number
  list(query: { apiId?: string; stage?: string; since?: number; limit?: number }): { cursor: number; items: unknown[] }
}

/** What the management API reads of observe/'s metrics. */
export interface MetricsHistorySource {
  history(query: { apiId?: string; stage?: string; detailed?: boolean; from?: number; to?: number; periodMinutes?: number }): unknown[]
}
