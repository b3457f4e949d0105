/**
 * The template editor's tokenizer (console/src/highlight.ts): the coloured copy is drawn under
 * the textarea, so its tokens must join back into the text exactly, whatever the text; and the
 * VTL and JSON parts a template is made of get their kinds.
 */
import assert from 'node:assert/strict'
import { it } from 'node:test'
import fc from 'fast-check'
import { tokenize, type TokenKind } from '../../console/src/highlight.ts'

it('gives back every character of any text, in order', () => {
  const pieces = fc.constantFrom('#if(', '#end', '##', '#*', '*#', '$input.path(', "'$'", '"k": ', '"', "'", '\\', '12', '-3.5e2', 'true', ' ', '\n', '{', '}', '$!{x}', 'é', '𝄞')
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.array(pieces).map((p) => p.join(''))), (text) => {
      const tokens = tokenize(text)
      assert.equal(tokens.map((t) => t.text).join(''), text)
      assert.ok(tokens.every((t) => t.text.length > 0))
    }),
    { numRuns: 500 },
  )
})

it('finds the VTL and JSON of a mapping template', () => {
  const template = `## the pet\n#set($id = $input.params('petId'))\n{"id": "$id", "n": 4, "ok": true}\n#* note *#`
  const kinds = (kind: TokenKind) => tokenize(template).filter((t) => t.kind === kind).map((t) => t.text)
  assert.deepEqual(kinds('comment'), ['## the pet', '#* note *#'])
  assert.deepEqual(kinds('directive'), ['#set'])
  assert.deepEqual(kinds('reference'), ['$id', '$input.params'])
  assert.deepEqual(kinds('key'), ['"id"', '"n"', '"ok"'])
  assert.deepEqual(kinds('string'), ["'petId'", '"$id"'])
  assert.deepEqual(kinds('number'), ['4'])
  assert.deepEqual(kinds('keyword'), ['true'])
})
