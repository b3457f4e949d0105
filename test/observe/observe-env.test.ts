import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { observeOptionsFromEnv } from '../../src/observe/observe-env.ts'

describe('observe settings from the environment', () => {
  it('defaults: execution logs to files, 10 MiB × 5 rotation, no collector', () => {
    assert.deepEqual(observeOptionsFromEnv({}), { metricsEnabled: true, executionLogs: 'file', sinks: { file: { maxFileBytes: 10 * 1024 * 1024, maxFiles: 5 } } })
    assert.equal(observeOptionsFromEnv({ PORTICO_METRICS: 'off' }).metricsEnabled, false)
  })

  it("reads OTel's standard variables: the traces endpoint wins over the base endpoint", () => {
    const base = observeOptionsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318/', OTEL_EXPORTER_OTLP_HEADERS: 'x-token=a%20b, tenant=t1', OTEL_SERVICE_NAME: 'edge' })
    assert.deepEqual(base.otlp, { url: 'http://127.0.0.1:4318/v1/traces', serviceName: 'edge', headers: { 'x-token': 'a b', tenant: 't1' } })
    const traces = observeOptionsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:9999/custom' })
    assert.equal(traces.otlp?.url, 'http://127.0.0.1:9999/custom')
  })

  it('refuses bad values with a message naming the variable', () => {
    assert.throws(() => observeOptionsFromEnv({ PORTICO_METRICS: 'false' }), /PORTICO_METRICS must be on or off, got "false"/)
    assert.throws(() => observeOptionsFromEnv({ PORTICO_EXECUTION_LOGS: 'syslog' }), /PORTICO_EXECUTION_LOGS must be one of file, stdout, both, got "syslog"/)
    assert.throws(() => observeOptionsFromEnv({ PORTICO_LOG_MAX_FILES: '-1' }), /PORTICO_LOG_MAX_FILES must be a positive integer, got "-1"/)
    assert.throws(() => observeOptionsFromEnv({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'grpc://collector:4317' }), /must be an http\(s\) URL/)
  })
})
