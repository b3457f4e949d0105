/** The zip writer (GetSdk) and reader (`portico sdk`): a round trip, the system's unzip agrees, and no entry escapes. */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { zip } from '../../src/lib/zip.ts'
import { unzip } from '../../src/lib/unzip.ts'

const entries = [
  { name: 'a/b.txt', content: 'hello '.repeat(1000) },
  { name: 'ünïcode/名前.js', content: 'x' },
  { name: 'empty', content: '' },
  { name: 'bin', content: Buffer.from([0, 1, 2, 255, 254]) },
]

describe('zip', () => {
  it('round-trips through unzip()', () => {
    const back = unzip(zip(entries))
    assert.deepEqual(
      back.map((e) => [e.name, Buffer.from(e.content).toString('hex')]),
      entries.map((e) => [e.name, Buffer.from(e.content).toString('hex')]),
    )
  })

  it('is a valid archive for the system unzip, byte for byte the same input → the same output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-zip-'))
    try {
      const file = join(dir, 'x.zip')
      writeFileSync(file, zip(entries))
      const tested = execFileSync('unzip', ['-t', file], { encoding: 'utf8' })
      assert.match(tested, /No errors detected/)
      assert.equal(execFileSync('unzip', ['-p', file, 'a/b.txt'], { encoding: 'utf8' }), 'hello '.repeat(1000))
      assert.deepEqual(zip(entries), zip(entries))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses entries that would leave the target directory, and what is not a zip', () => {
    assert.throws(() => unzip(zip([{ name: '../evil', content: 'x' }])), /would leave the target directory/)
    assert.throws(() => unzip(zip([{ name: '/etc/evil', content: 'x' }])), /would leave the target directory/)
    assert.throws(() => unzip(Buffer.from('not a zip at all, not even close to one')), /not a zip archive/)
  })
})
