import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigFileError, loadConfigFile, resolveConfigFile, validateConfigFile } from '../../src/config-file.ts'

function rejects(raw: unknown, message: RegExp): void {
  assert.throws(() => validateConfigFile(raw, 'portico.config.json'), (error: Error) => {
    assert.ok(error instanceof ConfigFileError)
    assert.match(error.message, message)
    return true
  })
}

const ROLE = 'arn:aws:iam::123456789012:role/apigw-sqs'
const KEYS = { accessKeyId: 'AKID', secretAccessKey: 'secret' }

describe('config file: AWS service integration settings', () => {
  it('resolves services, roles and default credentials into integration options', () => {
    const config = resolveConfigFile(
      {
        services: { sqs: { endpoint: 'http://127.0.0.1:4566', region: 'eu-west-1', signingName: 'sqs' }, dynamodb: { endpoint: 'http://127.0.0.1:8000', ...KEYS } },
        roles: { [ROLE]: { ...KEYS, sessionToken: 'token' } },
        credentials: KEYS,
      },
      undefined,
    )
    assert.deepEqual(config.services, {
      services: {
        sqs: { endpoint: 'http://127.0.0.1:4566', region: 'eu-west-1', signingName: 'sqs' },
        dynamodb: { endpoint: 'http://127.0.0.1:8000', ...KEYS },
      },
      roles: { [ROLE]: { ...KEYS, sessionToken: 'token' } },
      defaultCredentials: KEYS,
    })
    assert.ok(Object.isFrozen(config.services) && Object.isFrozen(config.services!.services))
  })

  it('no services, roles or credentials: no options (AWS service integrations answer 500)', () => {
    assert.equal(resolveConfigFile({ functions: {} }, undefined).services, undefined)
  })

  it('accepts a file with only these keys', () => {
    validateConfigFile({ services: { sqs: { endpoint: 'https://sqs.us-east-1.amazonaws.com' } }, credentials: KEYS })
  })

  it('names the key path of each mistake', () => {
    rejects({ services: [] }, /portico\.config\.json: services: must be an object keyed by service name/)
    rejects({ services: { SQS: { endpoint: 'http://x' } } }, /services\.SQS: a service is named as in the integration URI/)
    rejects({ services: { sqs: 'http://x' } }, /services\.sqs: must be an object with "endpoint"/)
    rejects({ services: { sqs: {} } }, /services\.sqs\.endpoint: is required/)
    rejects({ services: { sqs: { endpoint: 'ftp://x' } } }, /services\.sqs\.endpoint: must be an http\(s\) origin without a path, got "ftp:\/\/x"/)
    rejects({ services: { sqs: { endpoint: 'http://x/queue' } } }, /services\.sqs\.endpoint: must be an http\(s\) origin without a path/)
    rejects({ services: { sqs: { endpoint: 'http://x', port: '1' } } }, /services\.sqs\.port: unknown key \(expected one of endpoint, region, accessKeyId, secretAccessKey, sessionToken, signingName\)/)
    rejects({ services: { sqs: { endpoint: 'http://x', region: 1 } } }, /services\.sqs\.region: must be a non-empty string/)
    rejects({ services: { sqs: { endpoint: 'http://x', accessKeyId: 'a' } } }, /services\.sqs\.secretAccessKey: accessKeyId and secretAccessKey go together/)
    rejects({ services: { sqs: { endpoint: 'http://x', sessionToken: 't' } } }, /services\.sqs\.sessionToken: needs accessKeyId and secretAccessKey/)
    rejects({ roles: { 'apigw-sqs': KEYS } }, /roles\.apigw-sqs: a role is named by its ARN/)
    rejects({ roles: { [ROLE]: { accessKeyId: 'a' } } }, new RegExp(`roles\\.${ROLE.replace(/[/.]/g, '\\$&')}\\.secretAccessKey: accessKeyId and secretAccessKey go together`))
    rejects({ roles: { [ROLE]: {} } }, /\.accessKeyId: is required, with secretAccessKey/)
    rejects({ credentials: 'AKID:secret' }, /credentials: must be an object with "accessKeyId" and "secretAccessKey"/)
    rejects({ credentials: { ...KEYS, region: 'x' } }, /credentials\.region: unknown key \(expected one of accessKeyId, secretAccessKey, sessionToken\)/)
    rejects({ endpoints: {} }, /endpoints: unknown key \(expected one of functions, lambda, services, roles, credentials(, [a-zA-Z]+)*\)/)
  })

  it('a YAML config file with services loads', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'portico-config-services-'))
    try {
      const path = join(dir, 'portico.config.yaml')
      await writeFile(path, 'services:\n  states:\n    endpoint: http://127.0.0.1:8083\n    region: us-east-1\ncredentials:\n  accessKeyId: test\n  secretAccessKey: test\n')
      const config = await loadConfigFile({ path })
      assert.deepEqual(config.services?.services, { states: { endpoint: 'http://127.0.0.1:8083', region: 'us-east-1' } })
      assert.deepEqual(config.services?.defaultCredentials, { accessKeyId: 'test', secretAccessKey: 'test' })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
