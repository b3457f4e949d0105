/** Gateway-response templates: plain substitution of $context and $stageVariables, no VTL. */
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { renderGatewayResponseTemplate } from '../../src/vtl/aws/gateway-response-template.ts'
import { buildTemplateContext } from '../../src/vtl/aws/context.ts'
import { fakeRequestContext } from './aws-request-context.ts'

const context = (message: string | null = 'Missing Authentication Token') =>
  buildTemplateContext(fakeRequestContext({
    stageName: 'custErr',
    resourcePath: '/pets/{petId}',
    error: { kind: 'error', type: 'MISSING_AUTHENTICATION_TOKEN', message },
  }))

describe('renderGatewayResponseTemplate', () => {
  test('the default template (GetGatewayResponses): {"message":$context.error.messageString}', () => {
    assert.equal(renderGatewayResponseTemplate('{"message":$context.error.messageString}', context(), {}), '{"message":"Missing Authentication Token"}')
  })
  test('a null message gives {"message":null}', () => {
    assert.equal(renderGatewayResponseTemplate('{"message":$context.error.messageString}', context(null), {}), '{"message":null}')
  })
  test('quotes in the message stay valid JSON', () => {
    assert.equal(renderGatewayResponseTemplate('{"message":$context.error.messageString}', context('say "hi"'), {}), '{"message":"say \\"hi\\""}')
  })
  test('the console walkthrough\'s body (set-up-gateway-response-using-the-console)', () => {
    const template = '{\n     "message":$context.error.messageString,\n     "type": $context.error.responseType,\n     "statusCode": \'404\',\n     "stage": $context.stage,\n     "resourcePath": $context.resourcePath,\n     "stageVariables.a": $stageVariables.a\n}'
    assert.equal(
      renderGatewayResponseTemplate(template, context(), { a: 'a' }),
      '{\n     "message":"Missing Authentication Token",\n     "type": MISSING_AUTHENTICATION_TOKEN,\n     "statusCode": \'404\',\n     "stage": custErr,\n     "resourcePath": /pets/{petId},\n     "stageVariables.a": a\n}',
    )
  })
  test('the x-amazon-apigateway-gateway-responses example', () => {
    assert.equal(
      renderGatewayResponseTemplate('{ "message": $context.error.messageString, "type":$context.error.responseType, "statusCode": \'488\' }', context(), {}),
      '{ "message": "Missing Authentication Token", "type":MISSING_AUTHENTICATION_TOKEN, "statusCode": \'488\' }',
    )
  })
  test('substitution is textual: a quoted messageString doubles the quotes', () => {
    assert.equal(renderGatewayResponseTemplate('{"message":"$context.error.messageString"}', context(), {}), '{"message":""Missing Authentication Token""}')
    assert.equal(renderGatewayResponseTemplate('{"message":"$context.error.message"}', context(), {}), '{"message":"Missing Authentication Token"}')
  })
  test('the ${} forms and bracketed stage variables', () => {
    assert.equal(
      renderGatewayResponseTemplate("${context.stage}|${stageVariables.a}|$stageVariables['a']|${stageVariables['a']}", context(), { a: 'x' }),
      'custErr|x|x|x',
    )
  })
  test('unknown variables, nulls and whole maps become empty', () => {
    assert.equal(
      renderGatewayResponseTemplate('[$context.nope][$context.identity.caller][$context.identity][$stageVariables.missing][$context.error.validationErrorString]', context(), {}),
      '[][][][][]',
    )
  })
  test('numbers print', () => assert.equal(renderGatewayResponseTemplate('$context.requestTimeEpoch', context(), {}), '1700000000000'))
  test('a variable ends where the name ends', () => {
    assert.equal(renderGatewayResponseTemplate('$context.stage.', context(), {}), 'custErr.')
    assert.equal(renderGatewayResponseTemplate('$context.stage-x', context(), {}), 'custErr-x')
    assert.equal(renderGatewayResponseTemplate('$context.error.messageStringy', context(), {}), '')
  })
  test('VTL is not evaluated', () => {
    const template = '#set($x = 1)#if($context.stage)yes#end $input.path(\'$\') $util.escapeJavaScript("a") $method.request.path.petId'
    assert.equal(renderGatewayResponseTemplate(template, context(), {}), "#set($x = 1)#if(custErr)yes#end $input.path('$') $util.escapeJavaScript(\"a\") $method.request.path.petId")
  })
  test('no prototype lookups', () => {
    assert.equal(renderGatewayResponseTemplate('[$stageVariables.constructor][$context.toString]', context(), {}), '[][]')
  })
})
