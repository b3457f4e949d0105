import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { compileTemplate, VtlRuntimeError, VtlSyntaxError, type TemplateLimits } from '../../src/vtl/index.ts'

/**
 * Runs every case in test/fixtures/vtl/language/*.json. Expected outputs are what
 * Apache Velocity 1.7 prints (derived from its parser grammar and node classes), except
 * in cases compiled with `nullReferences: 'empty'` (API Gateway's blank nulls).
 */
interface FixtureCase {
  name: string
  template: string
  vars?: Record<string, unknown>
  limits?: Partial<TemplateLimits>
  /** compile option; absent means Velocity's default ('literal') */
  nullReferences?: 'literal' | 'empty'
  expected?: string
  error?: 'syntax' | 'runtime'
}

const dir = fileURLToPath(new URL('../fixtures/vtl/language/', import.meta.url))
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()

for (const file of files) {
  const cases = JSON.parse(readFileSync(dir + file, 'utf8')) as FixtureCase[]
  describe(file, () => {
    for (const c of cases) {
      test(c.name, () => {
        const run = (): string => compileTemplate(c.template, { name: c.name, limits: c.limits, nullReferences: c.nullReferences }).render(structuredClone(c.vars ?? {}))
        if (c.error === 'syntax') {
          assert.throws(run, VtlSyntaxError)
        } else if (c.error === 'runtime') {
          assert.throws(run, (e: unknown) => e instanceof VtlRuntimeError)
        } else {
          assert.equal(run(), c.expected)
        }
      })
    }
  })
}
