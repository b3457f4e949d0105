/**
 * Renders every case in test/fixtures/vtl/aws/*.json through the VTL engine with the AWS
 * bindings, and compares the text (and the request/response overrides) with what AWS produces.
 * Each case names its source: an AWS developer-guide example, an AWS-recorded snapshot, or
 * reasoning from Velocity 1.7 and Commons Lang (see the case's `note`). Templates compile with
 * AWS_TEMPLATE_OPTIONS, as the integrations do. A case with a `todo` documents where src/vtl
 * still differs from AWS; its expectation stays AWS's.
 */
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildTemplateContext, readOverrides, templateVariables, type TemplateOverrides } from '../../src/vtl/aws/index.ts'
import { AWS_TEMPLATE_OPTIONS } from '../../src/vtl/aws/template-options.ts'
import { compileTemplate } from '../../src/vtl/index.ts'
import { fakeRequestContext, mergeInto } from './aws-request-context.ts'

interface FixtureCase {
  name: string
  source?: string
  note?: string
  /** a known gap between the engine and AWS: the case runs, its failure is reported as TODO */
  todo?: string
  template: string
  input: {
    body?: string
    params?: { path?: Record<string, string>; querystring?: Record<string, string | string[]>; header?: Record<string, string | string[]> }
    context?: Record<string, unknown>
    stageVariables?: Record<string, string>
  }
  expected: string
  expectedOverrides?: {
    request?: Partial<TemplateOverrides['request']>
    response?: Partial<TemplateOverrides['response']>
    conflicts?: string[]
  }
}


const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'vtl', 'aws')

for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort()) {
  const cases = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as FixtureCase[]
  describe(`AWS mapping-template fixtures: ${file}`, () => {
    for (const c of cases) {
      test(c.name, { todo: c.todo ?? false }, () => {
        const body = c.input.body ?? ''
        const stageVariables = c.input.stageVariables ?? {}
        const ctx = fakeRequestContext({ body, params: c.input.params, stageVariables })
        const context = buildTemplateContext(ctx)
        if (c.input.context) mergeInto(context, c.input.context)
        const vars = templateVariables(ctx, body, stageVariables, context)
        const rendered = compileTemplate(c.template, { name: c.name, ...AWS_TEMPLATE_OPTIONS }).render({ ...vars })
        assert.equal(rendered, c.expected)
        if (c.expectedOverrides) {
          const want = c.expectedOverrides
          assert.deepEqual(readOverrides(context), {
            request: { header: {}, querystring: {}, path: {}, ...want.request },
            response: { status: undefined, header: {}, ...want.response },
            conflicts: want.conflicts ?? [],
          })
        }
      })
    }
  })
}

test('fixture files hold at least 45 cases', () => {
  let count = 0
  for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.json'))) {
    count += (JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as unknown[]).length
  }
  assert.ok(count >= 45, `only ${count} cases`)
})
