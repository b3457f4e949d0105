/**
 * GetSdk `objectivec` and `swift`, checked for STRUCTURE only: no Swift toolchain and no
 * compiler with Apple's Foundation headers exist on these machines, so nothing here compiles or
 * runs the clients (docs/compatibility.md says so). What is checked: the zip's layout, the
 * `classPrefix` on every class, one method per operation and one class per model with their
 * doc comments, x-api-key and SigV4 code, balanced brackets outside strings and comments,
 * every Objective-C declaration implemented, and AWS-shaped 400s for a missing or unusable prefix.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { GetSdkCommand, GetSdkTypeCommand } from '@aws-sdk/client-api-gateway'
import { rejects } from '../control/stages-harness.ts'
import { deployApi } from '../auth/iam-harness.ts'
import { fetchSdk, useSdkFixture } from './sdk-harness.ts'

/** an API whose models nest (`$ref`, arrays of a model), whose property names are not identifiers, and whose parameter names are the generated methods' own */
const NESTED_API = {
  swagger: '2.0',
  info: { title: 'pet owners', version: '1' },
  paths: {
    '/owners': {
      put: {
        parameters: [
          { in: 'body', name: 'Owner', required: true, schema: { $ref: '#/definitions/Owner' } },
          { in: 'query', name: 'body', required: false, type: 'string' },
          { in: 'header', name: 'query', required: false, type: 'string' },
        ],
        responses: { '200': { description: 'ok', schema: { $ref: '#/definitions/Owner' } } },
        'x-amazon-apigateway-integration': { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' }, responses: { default: { statusCode: '200' } } },
      },
    },
  },
  definitions: {
    Pet: { type: 'object', properties: { name: { type: 'string' } } },
    Owner: {
      type: 'object',
      properties: { 'first-name': { type: 'string' }, class: { type: 'string' }, pet: { $ref: '#/definitions/Pet' }, pets: { type: 'array', items: { $ref: '#/definitions/Pet' } }, extra: {} },
    },
  },
}

let ownersId: string
const f = useSdkFixture(async () => {
  ownersId = await deployApi(f.h.client, NESTED_API)
})

function files(dir: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile() && e.name !== 'sdk.zip') out.set(relative(dir, join(e.parentPath, e.name)), readFileSync(join(e.parentPath, e.name), 'utf8'))
  }
  return out
}

/** (), [] and {} balance once comments and string literals are removed: catches a broken template, not a type error */
function assertBalanced(file: string, source: string): void {
  const code = source.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"/g, '')
  const stack: string[] = []
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' }
  for (const c of code) {
    if ('([{'.includes(c)) stack.push(c)
    else if (c in pairs) assert.equal(stack.pop(), pairs[c], `${file}: unbalanced ${c}`)
  }
  assert.deepEqual(stack, [], `${file}: unclosed ${stack.join('')}`)
}

const OPERATIONS = ['keyedGet', 'petsPetIdGet', 'petsPost']

describe('GetSdk objectivec', () => {
  it('answers a zip with the prefixed client, models, SigV4 and a README', async () => {
    const { dir, contentType, disposition } = await fetchSdk(f, 'objectivec', { classPrefix: 'PX' })
    assert.equal(contentType, 'application/octet-stream')
    assert.match(disposition!, /^attachment; filename="objectivec_\d{4}-\d\d-\d\d_\d\d-\d\dZ\.zip"$/)
    const sdk = files(dir)
    assert.deepEqual([...sdk.keys()].sort(), [
      'ios-objectivec/README.md',
      'ios-objectivec/generated-src/PXPet.h',
      'ios-objectivec/generated-src/PXPet.m',
      'ios-objectivec/generated-src/PXSdkPetsClient.h',
      'ios-objectivec/generated-src/PXSdkPetsClient.m',
      'ios-objectivec/generated-src/PXSigV4.h',
      'ios-objectivec/generated-src/PXSigV4.m',
    ])
    for (const [file, source] of sdk) if (!file.endsWith('.md')) assertBalanced(file, source)
    const header = sdk.get('ios-objectivec/generated-src/PXSdkPetsClient.h')!
    const source = sdk.get('ios-objectivec/generated-src/PXSdkPetsClient.m')!
    assert.match(header, /@interface PXSdkPetsClient : NSObject/)
    // every operation declared in the header is implemented, with the same selector
    const declared = [...header.matchAll(/^(- \(void\)[\s\S]+?);$/gm)].map((m) => m[1])
    assert.deepEqual(declared.map((d) => /- \(void\)(\w+)/.exec(d!)![1]!.replace(/With\w+$/, '')).sort(), OPERATIONS)
    for (const d of declared) assert.ok(source.includes(`${d} {`), `implemented: ${d}`)
    assert.match(header, /- \(void\)petsPetIdGetWithPetId:\(NSString \*\)petId color:\(nullable NSString \*\)color xTrace:\(NSString \*\)xTrace completion:/)
    assert.match(header, /- \(void\)petsPostWithBody:\(PXPet \*\)body completion:\(void \(\^\)\(PXResponse<PXPet \*> \* _Nullable response/)
    assert.match(header, /\/\/\/ Fetch one pet\n\/\/\/ GET \/pets\/\{petId\}/, 'the documentation part is the doc comment')
    assert.match(header, /\/\/\/ POST \/pets \(AWS_IAM: signed with the client credentials\)/)
    assert.match(header, /\/\/\/ GET \/keyed \(needs an API key\)/)
    assert.match(source, /sent\[@"x-api-key"\] = self\.apiKey/)
    assert.match(source, /\[PXSigV4 signMethod:method url:target/)
    assert.match(source, /_invokeUrl = @"http:\/\/[^"]+\/_aws\/execute-api\/\w+\/prod"/)
    const sigv4 = sdk.get('ios-objectivec/generated-src/PXSigV4.m')!
    assert.match(sigv4, /#import <CommonCrypto\/CommonHMAC\.h>/)
    assert.match(sigv4, /CCHmac\(kCCHmacAlgSHA256/)
    assert.match(sigv4, /execute-api\/aws4_request/)
    const pet = sdk.get('ios-objectivec/generated-src/PXPet.h')!
    assert.match(pet, /@interface PXPet : NSObject/)
    assert.match(pet, /\/\/\/ What the pet answers to\n@property \(nonatomic, copy, nullable\) NSString \*name;/)
    assert.match(pet, /@property \(nonatomic, strong, nullable\) NSNumber \*age;/)
    assert.match(pet, /@property \(nonatomic, copy, nullable\) NSArray \*tags;/)
    assert.match(sdk.get('ios-objectivec/README.md')!, /PXSdkPetsClient \*client = \[\[PXSdkPetsClient alloc\] init\];/)
  })

  it('maps nested models and names that are not identifiers', async () => {
    const { dir } = await fetchSdk({ ...f, apiId: ownersId }, 'objectivec', { classPrefix: 'OW_' })
    const sdk = files(dir)
    const owner = sdk.get('ios-objectivec/generated-src/OW_Owner.h')!
    assert.match(owner, /@class OW_Pet;/)
    assert.match(owner, /NSString \*firstName;/)
    assert.match(owner, /NSString \*class_;/, 'NSObject members are not shadowed')
    assert.match(owner, /OW_Pet \*pet;/)
    assert.match(owner, /id extra;/)
    const m = sdk.get('ios-objectivec/generated-src/OW_Owner.m')!
    assert.match(m, /out\[@"first-name"\] = self\.firstName;/)
    assert.match(m, /out\.pets = .*\[OW_Pet fromDictionary:item\]/)
    assert.match(sdk.get('ios-objectivec/generated-src/OW_PetOwnersClient.h')!, /- \(void\)ownersPutWithBody:\(nullable NSString \*\)body_ query:\(nullable NSString \*\)query_ body:\(OW_Owner \*\)body completion:/)
    assert.match(sdk.get('ios-objectivec/generated-src/OW_PetOwnersClient.m')!, /if \(body_\) query\[@"body"\] = body_;\n {4}NSMutableDictionary<NSString \*, NSString \*> \*headers = \[NSMutableDictionary dictionary\];\n {4}if \(query_\) headers\[@"query"\] = query_;/)
    for (const [file, source] of sdk) if (!file.endsWith('.md')) assertBalanced(file, source)
  })
})

describe('GetSdk swift', () => {
  it('answers a Swift package with the prefixed client, Codable models, SigV4 and a README', async () => {
    const { dir } = await fetchSdk(f, 'swift', { classPrefix: 'PX' })
    const sdk = files(dir)
    const src = 'ios-swift/Sources/PXSdkPetsClient'
    assert.deepEqual([...sdk.keys()].sort(), [
      'ios-swift/Package.swift',
      'ios-swift/README.md',
      `${src}/Models/PXPet.swift`,
      `${src}/PXJSONValue.swift`,
      `${src}/PXSdkPetsClient.swift`,
      `${src}/PXSigV4.swift`,
    ])
    for (const [file, source] of sdk) if (file.endsWith('.swift')) assertBalanced(file, source)
    assert.match(sdk.get('ios-swift/Package.swift')!, /name: "PXSdkPetsClient",[\s\S]*\.library\(name: "PXSdkPetsClient"/)
    const client = sdk.get(`${src}/PXSdkPetsClient.swift`)!
    assert.match(client, /public final class PXSdkPetsClient \{/)
    assert.deepEqual([...client.matchAll(/public func (\w+)\(/g)].map((m) => m[1]).sort(), OPERATIONS)
    assert.match(client, /public func petsPetIdGet\(petId: String, color: String\? = nil, xTrace: String\) async throws -> PXResponse<PXPet>/)
    assert.match(client, /public func petsPost\(body: PXPet\?\) async throws -> PXResponse<PXPet>/)
    assert.match(client, /public func keyedGet\(\) async throws -> PXResponse<PXJSONValue>/)
    assert.match(client, /\/\/\/ Fetch one pet\n {4}\/\/\/ GET \/pets\/\{petId\}/)
    assert.match(client, /sent\["x-api-key"\] = apiKey/)
    assert.match(client, /PXSigV4\.sign\(method: method/)
    const sigv4 = sdk.get(`${src}/PXSigV4.swift`)!
    assert.match(sigv4, /^import CryptoKit$/m)
    assert.match(sigv4, /HMAC<SHA256>\.authenticationCode/)
    const pet = sdk.get(`${src}/Models/PXPet.swift`)!
    assert.match(pet, /public final class PXPet: Codable \{/)
    assert.match(pet, /\/\/\/ What the pet answers to\n {4}public var name: String\?/)
    assert.match(pet, /public var age: Int\?/)
    assert.match(pet, /public var tags: \[String\]\?/)
    assert.match(sdk.get('ios-swift/README.md')!, /let client = PXSdkPetsClient\(\)/)
  })

  it('maps nested models and names that are not identifiers', async () => {
    const { dir } = await fetchSdk({ ...f, apiId: ownersId }, 'swift', { classPrefix: 'OW' })
    const sdk = files(dir)
    assert.match(sdk.get('ios-swift/Sources/OWPetOwnersClient/OWPetOwnersClient.swift')!, /public func ownersPut\(body_: String\? = nil, query: String\? = nil, body: OWOwner\?\)/)
    const owner = sdk.get('ios-swift/Sources/OWPetOwnersClient/Models/OWOwner.swift')!
    assert.match(owner, /public var firstName: String\?/)
    assert.match(owner, /public var class_: String\?/)
    assert.match(owner, /public var pets: \[OWPet\]\?/)
    assert.match(owner, /public var extra: OWJSONValue\?/)
    assert.match(owner, /case firstName = "first-name"/)
  })
})

describe('GetSdk iOS parameters', () => {
  const get = (sdkType: string, parameters: Record<string, string>) => f.h.client.send(new GetSdkCommand({ restApiId: f.apiId, stageName: 'prod', sdkType, parameters }))

  it('requires a usable classPrefix and lists it in the catalogue', async () => {
    for (const type of ['objectivec', 'swift']) {
      await rejects(() => get(type, {}), 'BadRequestException', 400, `Missing required SDK parameter(s) for ${type}: classPrefix`)
      await rejects(() => get(type, { classPrefix: '9x-' }), 'BadRequestException', 400, 'Invalid classPrefix: 9x-. It must start with a letter or _ and contain only letters, digits and _')
      const catalogued = await f.h.client.send(new GetSdkTypeCommand({ id: type }))
      assert.deepEqual(
        catalogued.configurationProperties!.map((p) => [p.name, p.required]),
        [['classPrefix', true]],
      )
    }
  })
})
