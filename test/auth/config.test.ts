/** The config file's `userPools`: validation messages name the key path; unnamed pools get Cognito's issuer. */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ConfigFileError, resolveConfigFile, validateConfigFile } from '../../src/config-file.ts'
import { userPoolFor } from '../../src/auth/config.ts'

const POOL = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123'

function rejects(raw: unknown, pattern: RegExp): void {
  assert.throws(() => validateConfigFile(raw, 'portico.config.json'), (error: Error) => error instanceof ConfigFileError && pattern.test(error.message))
}

describe('config file: userPools', () => {
  it('refuses what it cannot use, naming the key', () => {
    rejects({ userPools: [] }, /userPools: must be an object keyed by user pool ARN/)
    rejects({ userPools: { 'my-pool': { issuer: 'http://127.0.0.1:1' } } }, /userPools\.my-pool: a user pool is named by its ARN/)
    rejects({ userPools: { [POOL]: {} } }, /\.issuer: is required/)
    rejects({ userPools: { [POOL]: { issuer: 'ftp://x' } } }, /\.issuer: is required: the issuer's http\(s\) URL/)
    rejects({ userPools: { [POOL]: { issuer: 'http://x', audience: [] } } }, /\.audience: must be a non-empty list/)
    rejects({ userPools: { [POOL]: { issuer: 'http://x', audience: 'client' } } }, /\.audience: must be a non-empty list/)
    rejects({ userPools: { [POOL]: { issuer: 'http://x', jwksUri: 42 } } }, /\.jwksUri: must be an http\(s\) URL/)
    rejects({ userPools: { [POOL]: { issuer: 'http://x', clientId: 'c' } } }, /\.clientId: unknown key/)
  })

  it('resolves the pools it names; any other pool ARN is Cognito\'s own issuer', () => {
    const config = resolveConfigFile({ userPools: { [POOL]: { issuer: 'http://127.0.0.1:9000/realm', audience: ['app'] } } }, undefined)
    assert.deepEqual(userPoolFor(config.userPools!, POOL), { issuer: 'http://127.0.0.1:9000/realm', audience: ['app'] })
    assert.deepEqual(userPoolFor(config.userPools!, 'arn:aws:cognito-idp:us-east-2:123456789012:userpool/us-east-2_Xyz'), {
      issuer: 'https://cognito-idp.us-east-2.amazonaws.com/us-east-2_Xyz',
    })
    assert.equal(userPoolFor(config.userPools!, 'not-an-arn'), undefined)
  })
})
