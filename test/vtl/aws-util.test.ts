/**
 * `$util`: Commons Lang 2.x escapeJavaScript, java.net.URLEncoder/URLDecoder (UTF-8),
 * base64 over UTF-8, parseJson. Expected values follow those Java APIs' documented behaviour.
 */
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { TemplateFunctionError, TemplateUtil } from '../../src/vtl/aws/util.ts'

const util = new TemplateUtil()

describe('$util.escapeJavaScript', () => {
  const cases: [string, string][] = [
    ['plain text 123', 'plain text 123'],
    ['"quoted"', '\\"quoted\\"'],
    ["it's", "it\\'s"],
    ['back\\slash', 'back\\\\slash'],
    ['</script>', '<\\/script>'],
    ['tab\tnl\ncr\rbs\bff\f', 'tab\\tnl\\ncr\\rbs\\bff\\f'],
    ['\u0000\u0001\u000b\u001f', '\\u0000\\u0001\\u000B\\u001F'],
    ['\u007f', '\u007f'],
    ['é ü ß', '\\u00E9 \\u00FC \\u00DF'],
    ['€ ☃ ꯍ', '\\u20AC \\u2603 \\uABCD'],
    ['😀', '\\uD83D\\uDE00'],
    ['{"a":[1,"b"]}', '{\\"a\\":[1,\\"b\\"]}'],
    ['', ''],
  ]
  for (const [input, expected] of cases) test(JSON.stringify(input), () => assert.equal(util.escapeJavaScript(input), expected))
  test('null stays null (renders blank)', () => assert.equal(util.escapeJavaScript(null), null))
  test('numbers and booleans as Java prints them', () => {
    assert.equal(util.escapeJavaScript(12), '12')
    assert.equal(util.escapeJavaScript(true), 'true')
  })
})

describe('$util.urlEncode / urlDecode', () => {
  test('URLEncoder keeps A-Za-z0-9 . - * _, turns space into +, percent-encodes UTF-8 bytes in upper case', () => {
    assert.equal(util.urlEncode('AZaz09.-*_'), 'AZaz09.-*_')
    assert.equal(util.urlEncode('a b'), 'a+b')
    assert.equal(util.urlEncode('~!\'()'), '%7E%21%27%28%29')
    assert.equal(util.urlEncode('x=a+b&c/d?'), 'x%3Da%2Bb%26c%2Fd%3F')
    assert.equal(util.urlEncode('é€'), '%C3%A9%E2%82%AC')
    assert.equal(util.urlEncode('{"some": "value"}'), '%7B%22some%22%3A+%22value%22%7D')
  })
  test('URLDecoder: + is a space, %XX bytes are UTF-8, other characters pass', () => {
    assert.equal(util.urlDecode('x=a+b'), 'x=a b')
    assert.equal(util.urlDecode('%C3%a9%E2%82%AC%2b'), 'é€+')
    assert.equal(util.urlDecode('100%25'), '100%')
    assert.equal(util.urlDecode('ü'), 'ü')
  })
  test('a broken escape is an error, as in URLDecoder', () => {
    assert.throws(() => util.urlDecode('%zz'), TemplateFunctionError)
    assert.throws(() => util.urlDecode('abc%2'), TemplateFunctionError)
  })
  test('round trip', () => {
    const s = 'a b+c&d=é/😀'
    assert.equal(util.urlDecode(util.urlEncode(s)), s)
  })
  test('null passes through (AWS renders $util.urlEncode(null) blank)', () => {
    assert.equal(util.urlEncode(null), null)
    assert.equal(util.urlDecode(undefined), null)
  })
})

describe('$util.base64Encode / base64Decode', () => {
  test('UTF-8 bytes, standard alphabet, padded', () => {
    assert.equal(util.base64Encode('héllo'), 'aMOpbGxv')
    assert.equal(util.base64Encode('a'), 'YQ==')
    assert.equal(util.base64Encode(''), '')
    assert.equal(util.base64Encode('>>>???'), 'Pj4+Pz8/')
  })
  test('decodes to UTF-8 text', () => {
    assert.equal(util.base64Decode('aMOpbGxv'), 'héllo')
    assert.equal(util.base64Decode('YQ=='), 'a')
    assert.equal(util.base64Decode('eyJtZXNzYWdlIjoicGF0aDEifQ=='), '{"message":"path1"}')
  })
})

describe('$util.parseJson', () => {
  test('objects, lists, strings, numbers, booleans', () => {
    assert.deepEqual(util.parseJson('{"key1":"var1","key2":{"arr":[1,2,3]}}'), { key1: 'var1', key2: { arr: [1, 2, 3] } })
    assert.deepEqual(util.parseJson('[1,2,3]'), [1, 2, 3])
    assert.equal(util.parseJson('"string"'), 'string')
    assert.equal(util.parseJson('1'), 1)
    assert.equal(util.parseJson('true'), true)
    assert.deepEqual(util.parseJson('[]'), [])
  })
  test('not JSON is an error', () => assert.throws(() => util.parseJson('{nope'), TemplateFunctionError))
  test('null passes through', () => assert.equal(util.parseJson(null), null))
})
