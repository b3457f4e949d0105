/**
 * The SDK types GetSdkTypes lists and GetSdk generates, with their configuration properties.
 * Ids are GetSdk's `sdk_type` values (AWS's own catalogue is not published; these ids make
 * GetSdkType(id) → GetSdk(id) round-trip). Property names are AWS's where AWS documents them.
 */

export interface SdkConfigurationProperty {
  name: string
  friendlyName: string
  description: string
  required: boolean
  defaultValue?: string
}

export interface SdkType {
  id: string
  friendlyName: string
  description: string
  configurationProperties: SdkConfigurationProperty[]
}

const prop = (name: string, friendlyName: string, description: string, required: boolean, defaultValue?: string): SdkConfigurationProperty => ({
  name,
  friendlyName,
  description,
  required,
  ...(defaultValue !== undefined && { defaultValue }),
})

export const SDK_TYPES: readonly SdkType[] = [
  {
    id: 'javascript',
    friendlyName: 'JavaScript',
    description: "AWS's apiGateway-js-sdk layout (apigClient.js and lib/), for browsers and Node 18+; no third-party libraries",
    configurationProperties: [],
  },
  {
    id: 'typescript',
    friendlyName: 'TypeScript',
    description: "Portico's addition: a typed ES-module client using fetch, with request and response types from the API's models",
    configurationProperties: [],
  },
  {
    id: 'java',
    friendlyName: 'Java SDK',
    description: 'A Java client (java.net.http, JDK classes only) with model classes and a Maven or Gradle build file',
    configurationProperties: [
      prop('serviceName', 'Service Name', 'The client class is named {serviceName}Client', true),
      prop('javaPackageName', 'Java Package Name', 'The package of the generated classes', true),
      prop('javaBuildSystem', 'Build System', 'maven or gradle', false, 'maven'),
      prop('javaGroupId', 'Group ID', 'The Maven group id', false),
      prop('javaArtifactId', 'Artifact ID', 'The Maven artifact id', false),
      prop('javaArtifactVersion', 'Artifact Version', 'The Maven artifact version', false, '1.0.0'),
    ],
  },
  {
    id: 'android',
    friendlyName: 'Android SDK',
    description: 'The Java client on HttpURLConnection (which Android ships; java.net.http it does not) with a Gradle build file',
    configurationProperties: [
      prop('groupId', 'Group ID', 'The Maven group id', true),
      prop('artifactId', 'Artifact ID', 'The Maven artifact id', true),
      prop('artifactVersion', 'Artifact Version', 'The Maven artifact version', true),
      prop('invokerPackage', 'Invoker package', 'The package of the generated classes', true),
    ],
  },
  {
    id: 'objectivec',
    friendlyName: 'iOS (Objective-C)',
    description: 'An Objective-C client (Foundation NSURLSession, CommonCrypto for SigV4) with a class per model; Portico checks its structure, no compiler here builds it',
    configurationProperties: [prop('classPrefix', 'Prefix', 'Prepended to the client and model class names ({classPrefix}{ApiName}Client)', true)],
  },
  {
    id: 'swift',
    friendlyName: 'iOS (Swift)',
    description: 'A Swift package (URLSession, CryptoKit for SigV4, async methods) with a Codable class per model; Portico checks its structure, no compiler here builds it',
    configurationProperties: [prop('classPrefix', 'Prefix', 'Prepended to the client and model type names ({classPrefix}{ApiName}Client)', true)],
  },
]

/** types AWS generates that Portico does not (yet): named in GetSdk's error so nobody guesses */
export const NOT_GENERATED = ['ruby'] as const

export function findSdkType(id: string): SdkType | undefined {
  return SDK_TYPES.find((t) => t.id === id)
}

/** the names of required properties `parameters` lacks */
export function missingParameters(type: SdkType, parameters: Record<string, string>): string[] {
  return type.configurationProperties.filter((p) => p.required && (parameters[p.name] ?? '').trim() === '').map((p) => p.name)
}
