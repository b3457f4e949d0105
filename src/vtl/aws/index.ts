/** The Amazon API Gateway side of mapping templates: `$input`, `$util`, `$context`, parameter mapping. */
export { compileJsonPath, evaluateJsonPath, JsonPathError, type JsonPath } from './json-path.ts'
export { TemplateInput, requestParams, type TemplateParams } from './input.ts'
export { JsonList } from './json-list.ts'
export { TemplateUtil, TemplateFunctionError, templateUtil } from './util.ts'
export {
  buildTemplateContext,
  templateVariables,
  readOverrides,
  formatRequestTime,
  readContextVariable,
  CONTEXT_VARIABLE_NAMES,
  DEFAULT_ACCOUNT_ID,
  type TemplateContext,
  type TemplateContextOptions,
  type TemplateOverrides,
  type TemplateVariables,
} from './context.ts'
export {
  compileMappingExpression,
  interpolateStageVariables,
  undefinedStageVariables,
  MappingExpressionError,
  MappingBodyError,
  type MappingExpression,
  type MappingSide,
  type MappingSource,
  type MappingCompileOptions,
} from './mapping-expression.ts'
export { renderGatewayResponseTemplate } from './gateway-response-template.ts'
