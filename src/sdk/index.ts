import type { RestApiDefinition } from '../model/index.ts'
import type { DocumentationPart } from '../model/documentation.ts'
import { DocumentationIndex } from '../model/documentation-inheritance.ts'
import { zip } from '../lib/zip.ts'
import { describeApi } from './api-surface.ts'
import type { SdkTarget } from './sdk-target.ts'
import { javascriptSdk } from './javascript/javascript-sdk.ts'
import { typescriptSdk } from './typescript/typescript-sdk.ts'
import { javaSdk } from './java/java-sdk.ts'
import { objectivecSdk } from './ios/objectivec-sdk.ts'
import { swiftSdk } from './ios/swift-sdk.ts'

/**
 * SDK generation (GetSdk): a deployed REST API's definition and its documentation → a zip of
 * client sources. Pure: no I/O; the management API checks the type and parameters first
 * (sdk-types.ts); a generator throws SdkParameterError for a parameter it cannot use.
 */

export { SDK_TYPES, NOT_GENERATED, findSdkType, missingParameters, type SdkType } from './sdk-types.ts'
export type { SdkTarget } from './sdk-target.ts'
export { SdkParameterError } from './ios/ios-common.ts'

export type GeneratedSdkType = 'javascript' | 'typescript' | 'java' | 'android' | 'objectivec' | 'swift'

export class NothingToGenerateError extends Error {
  override name = 'NothingToGenerateError'
}

export function generateSdk(type: GeneratedSdkType, definition: RestApiDefinition, documentation: readonly DocumentationPart[], target: SdkTarget): Buffer {
  const api = describeApi(definition, new DocumentationIndex(documentation))
  if (api.operations.length === 0) {
    throw new NothingToGenerateError('The API has no methods a client can call: ANY methods have no verb to send (AWS generates no client for them either)')
  }
  switch (type) {
    case 'javascript':
      return zip(javascriptSdk(api, target))
    case 'typescript':
      return zip(typescriptSdk(api, target))
    case 'java':
    case 'android':
      return zip(javaSdk(api, target, type))
    case 'objectivec':
      return zip(objectivecSdk(api, target))
    case 'swift':
      return zip(swiftSdk(api, target))
  }
}
