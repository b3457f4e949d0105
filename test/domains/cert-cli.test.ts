/**
 * `portico cert dev|import|ls` on a data directory: a development CA and certificates that
 * openssl verifies, an import printing an ACM ARN, and the imports ACM would refuse (a key that
 * does not match, an expired certificate, not a certificate at all) refused with nothing stored.
 */
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { issueCertificate } from '../../src/lib/x509-issue.ts'
import { portico } from '../support/cli.ts'

const dir = mkdtempSync(join(tmpdir(), 'portico-cert-cli-'))
const now = Math.floor(Date.now() / 1000)
after(() => rmSync(dir, { recursive: true, force: true }))

function write(name: string, text: string): string {
  const file = join(dir, name)
  writeFileSync(file, text)
  return file
}

describe('portico cert', () => {
  it('dev makes a CA and a server certificate for the named domains that openssl verifies, and registers it once', () => {
    const first = portico(['cert', 'dev', 'api.example.test', '--client', 'alice', '--data-dir', dir])
    assert.equal(first.code, 0, first.stderr)
    const arn = /Registered as (arn:aws:acm:us-east-1:123456789012:certificate\/[0-9a-f-]+)/.exec(first.stdout)?.[1]
    assert.ok(arn, first.stdout)
    const certs = join(dir, 'certs')
    const verified = execFileSync('openssl', ['verify', '-x509_strict', '-CAfile', join(certs, 'ca.pem'), join(certs, 'server.pem'), join(certs, 'client-alice.pem')], { encoding: 'utf8' })
    assert.match(verified, /server\.pem: OK\n.*client-alice\.pem: OK/)
    const names = execFileSync('openssl', ['x509', '-in', join(certs, 'server.pem'), '-noout', '-ext', 'subjectAltName'], { encoding: 'utf8' })
    assert.match(names, /DNS:\*\.execute-api\.localhost/)
    assert.match(names, /DNS:api\.example\.test/)
    assert.match(first.stdout, /curl --cacert .*ca\.pem/)
    assert.match(first.stdout, /NODE_EXTRA_CA_CERTS=/)
    // a rerun keeps the CA and the ARN
    const ca = readFileSync(join(certs, 'ca.pem'), 'utf8')
    const second = portico(['cert', 'dev', '--data-dir', dir])
    assert.equal(second.code, 0, second.stderr)
    assert.ok(second.stdout.includes(`Registered as ${arn}`))
    assert.equal(readFileSync(join(certs, 'ca.pem'), 'utf8'), ca)
    const listed = portico(['cert', 'ls', '--json', '--data-dir', dir])
    assert.equal(JSON.parse(listed.stdout).length, 1)
  })

  it('import prints an ARN; a mismatched key, an expired certificate and garbage are refused', () => {
    const good = issueCertificate({ subject: { commonName: 'own.example.test' }, altNames: ['own.example.test'], notBefore: now - 60, notAfter: now + 3600, usage: ['server'] })
    const other = issueCertificate({ subject: { commonName: 'other' }, notBefore: now - 60, notAfter: now + 3600 })
    const expired = issueCertificate({ subject: { commonName: 'old' }, notBefore: now - 7200, notAfter: now - 3600 })
    const ok = portico(['cert', 'import', '--cert', write('good.pem', good.certificatePem), '--key', write('good.key', good.privateKeyPem), '--data-dir', dir])
    assert.equal(ok.code, 0, ok.stderr)
    assert.match(ok.stdout, /^arn:aws:acm:us-east-1:123456789012:certificate\/[0-9a-f-]{36}\n$/)
    const cases: Array<[string, string, RegExp]> = [
      [good.certificatePem, other.privateKeyPem, /does not match/],
      [expired.certificatePem, expired.privateKeyPem, /expired/],
      ['not a certificate', good.privateKeyPem, /not a PEM-encoded X\.509 certificate/],
    ]
    for (const [i, [cert, key, message]] of cases.entries()) {
      const refused = portico(['cert', 'import', '--cert', write(`bad${i}.pem`, cert), '--key', write(`bad${i}.key`, key), '--data-dir', dir])
      assert.equal(refused.code, 1)
      assert.match(refused.stderr, message)
    }
    assert.equal(JSON.parse(portico(['cert', 'ls', '--json', '--data-dir', dir]).stdout).length, 2)
  })
})
