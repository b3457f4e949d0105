import type { ZipEntry } from '../../lib/zip.ts'
import { capitalise, identifier, type SdkApi, type SdkModel, type SdkOperation, type SdkParameter } from '../api-surface.ts'
import type { SdkTarget } from '../sdk-target.ts'
import { cString, docLines, iosNaming, modelProperties, operationDoc, schemaKind, sendsBody, type IosNaming, type SchemaKind } from './ios-common.ts'
import { objcSigV4 } from './objc-sigv4.ts'

/**
 * The `objectivec` SDK: `{classPrefix}{ApiName}Client` (.h/.m) with one method per operation
 * (AWS's names, parameters as selector parts, a completion block) on NSURLSession, `x-api-key`
 * when one is set, SigV4 on CommonCrypto when credentials are set; a class per model
 * (`{classPrefix}{Model}`, NSDictionary in and out); a README. Foundation only, no CocoaPods
 * (AWS's own client needs the AWS Mobile SDK's AWSAPIGateway; this one does not). Never compiled
 * here: no compiler with Apple's Foundation headers exists on the machines Portico is built on.
 */

const ROOT = 'ios-objectivec'
const SRC = `${ROOT}/generated-src`

/** C and Objective-C keywords, and NSObject members a property must not shadow */
const OBJC_RESERVED = new Set(
  'auto break case char const continue default do double else enum extern float for goto if inline int long register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while id self super nil Nil YES NO in out inout bycopy byref oneway description hash class superclass copy init new alloc retain release autorelease dealloc zone'.split(
    ' ',
  ),
)

const name = (text: string) => identifier(text, false, OBJC_RESERVED)

export function objectivecSdk(api: SdkApi, target: SdkTarget): ZipEntry[] {
  const n = iosNaming(api, target, OBJC_RESERVED)
  const models = new Set(api.models.map((m) => m.name))
  const sigv4 = objcSigV4(n.prefix)
  return [
    { name: `${SRC}/${n.client}.h`, content: clientHeader(api, target, n, models) },
    { name: `${SRC}/${n.client}.m`, content: clientSource(api, target, n, models) },
    { name: `${SRC}/${n.prefix}SigV4.h`, content: sigv4.header },
    { name: `${SRC}/${n.prefix}SigV4.m`, content: sigv4.source },
    ...api.models.flatMap((m) => {
      const cls = modelClass(m, n, models)
      return [
        { name: `${SRC}/${n.model(m.name)}.h`, content: cls.header },
        { name: `${SRC}/${n.model(m.name)}.m`, content: cls.source },
      ]
    }),
    { name: `${ROOT}/README.md`, content: readme(api, target, n) },
  ]
}

function objcType(kind: SchemaKind, n: IosNaming): { decl: string; attr: string } {
  switch (kind.kind) {
    case 'string':
      return { decl: 'NSString *', attr: 'copy' }
    case 'integer':
    case 'number':
    case 'boolean':
      return { decl: 'NSNumber *', attr: 'strong' }
    case 'model':
      return { decl: `${n.model(kind.name)} *`, attr: 'strong' }
    case 'array':
      return { decl: 'NSArray *', attr: 'copy' }
    case 'any':
      return { decl: 'id ', attr: 'strong' }
  }
}

/** the Foundation class a JSON value of this kind arrives as */
function jsonClass(kind: SchemaKind): string | undefined {
  switch (kind.kind) {
    case 'string':
      return 'NSString'
    case 'integer':
    case 'number':
    case 'boolean':
      return 'NSNumber'
    case 'array':
      return 'NSArray'
    default:
      return undefined
  }
}

function modelClass(m: SdkModel, n: IosNaming, models: ReadonlySet<string>): { header: string; source: string } {
  const cls = n.model(m.name)
  const props = modelProperties(m.schema).map(([key, schema]) => ({ key, field: name(key), kind: schemaKind(schema, models), schema }))
  const refs = [...new Set(props.flatMap((p) => (p.kind.kind === 'model' ? [n.model(p.kind.name)] : p.kind.kind === 'array' && p.kind.items.kind === 'model' ? [n.model(p.kind.items.name)] : [])))].filter(
    (r) => r !== cls,
  )
  const decls = props
    .map((p) => {
      const t = objcType(p.kind, n)
      return `${docLines(typeof p.schema.description === 'string' ? p.schema.description : undefined, '')}@property (nonatomic, ${t.attr}, nullable) ${t.decl}${p.field};\n`
    })
    .join('')
  const toDict = props
    .map((p) => {
      const value =
        p.kind.kind === 'model'
          ? `[self.${p.field} toDictionary]`
          : p.kind.kind === 'array' && p.kind.items.kind === 'model'
            ? `[${cls} map:self.${p.field} with:^id(id item) { return [item toDictionary]; }]`
            : `self.${p.field}`
      return `    if (self.${p.field}) out[@${cString(p.key)}] = ${value};\n`
    })
    .join('')
  const fromDict = props
    .map((p) => {
      const raw = `dictionary[@${cString(p.key)}]`
      if (p.kind.kind === 'model') return `    out.${p.field} = [${n.model(p.kind.name)} fromDictionary:${raw}];\n`
      if (p.kind.kind === 'array' && p.kind.items.kind === 'model') {
        const item = n.model(p.kind.items.name)
        return `    out.${p.field} = [${raw} isKindOfClass:NSArray.class] ? [${cls} map:${raw} with:^id(id item) { return [${item} fromDictionary:item] ?: NSNull.null; }] : nil;\n`
      }
      const expected = jsonClass(p.kind)
      return expected ? `    out.${p.field} = [${raw} isKindOfClass:${expected}.class] ? ${raw} : nil;\n` : `    out.${p.field} = ${raw} == NSNull.null ? nil : ${raw};\n`
    })
    .join('')
  const title = m.description ?? (typeof m.schema.title === 'string' ? m.schema.title : undefined)
  return {
    header: `// Generated by Portico.
#import <Foundation/Foundation.h>
${refs.map((r) => `@class ${r};\n`).join('')}
NS_ASSUME_NONNULL_BEGIN

${docLines(title, '')}@interface ${cls} : NSObject

${decls}
/// the JSON object this model sends (NSJSONSerialization writes it)
- (NSDictionary<NSString *, id> *)toDictionary;

/// reads a parsed JSON object; nil for anything else
+ (nullable instancetype)fromDictionary:(nullable id)dictionary;

@end

NS_ASSUME_NONNULL_END
`,
    source: `// Generated by Portico.
#import "${cls}.h"
${refs.map((r) => `#import "${r}.h"\n`).join('')}
@implementation ${cls}

+ (NSArray *)map:(NSArray *)items with:(id (^)(id item))transform {
    NSMutableArray *out = [NSMutableArray arrayWithCapacity:items.count];
    for (id item in items) [out addObject:transform(item)];
    return out;
}

- (NSDictionary<NSString *, id> *)toDictionary {
    NSMutableDictionary<NSString *, id> *out = [NSMutableDictionary dictionary];
${toDict}    return out;
}

+ (nullable instancetype)fromDictionary:(nullable id)dictionary {
    if (![dictionary isKindOfClass:NSDictionary.class]) return nil;
    ${cls} *out = [[self alloc] init];
${fromDict}    return out;
}

@end
`,
  }
}

/** the selector of an operation: `petsPetIdGetWithPetId:color:xTrace:completion:` */
function signature(op: SdkOperation, n: IosNaming, models: ReadonlySet<string>): string {
  const parts = op.parameters.map((p) => ({ label: name(p.name), decl: `(${p.required ? '' : 'nullable '}NSString *)${argument(p)}` }))
  if (sendsBody(op)) {
    const type = op.bodyModel && models.has(op.bodyModel) ? `${n.model(op.bodyModel)} *` : 'id'
    parts.push({ label: 'body', decl: `(${op.bodyModel ? '' : 'nullable '}${type})body` })
  }
  const result = op.responseModel && models.has(op.responseModel) ? `${n.model(op.responseModel)} *` : 'id'
  parts.push({ label: 'completion', decl: `(void (^)(${n.prefix}Response<${result}> * _Nullable response, NSError * _Nullable error))completion` })
  const [first, ...rest] = parts
  return `- (void)${op.name}With${capitalise(first!.label)}:${first!.decl}${rest.map((p) => ` ${p.label}:${p.decl}`).join('')}`
}

/** a parameter's variable: never the method's own `body`, `completion` or its locals `query`, `headers` */
const ARGUMENT_RESERVED = new Set([...OBJC_RESERVED, 'body', 'completion', 'query', 'headers'])
const argument = (p: SdkParameter) => identifier(p.name, false, ARGUMENT_RESERVED)

function clientHeader(api: SdkApi, target: SdkTarget, n: IosNaming, models: ReadonlySet<string>): string {
  const used = [...new Set(api.operations.flatMap((op) => [op.bodyModel, op.responseModel]).filter((m): m is string => m !== undefined && models.has(m)))]
  return `// Generated by Portico for ${api.name} (${api.id}), stage ${target.stageName}.
#import <Foundation/Foundation.h>
${used.map((m) => `#import "${n.model(m)}.h"\n`).join('')}
NS_ASSUME_NONNULL_BEGIN

/// the NSError domain of non-2xx answers: the code is the status, userInfo[@"response"] the ${n.prefix}Response
extern NSErrorDomain const ${n.prefix}APIErrorDomain;

/// An answer: the status, the headers, the raw body, and the body read as the method's model (or parsed JSON).
@interface ${n.prefix}Response<__covariant T> : NSObject
@property (nonatomic, readonly) NSInteger status;
@property (nonatomic, copy, readonly) NSDictionary *headers;
@property (nonatomic, copy, readonly) NSData *body;
@property (nonatomic, strong, readonly, nullable) T value;
- (instancetype)initWithStatus:(NSInteger)status headers:(NSDictionary *)headers body:(NSData *)body value:(nullable T)value;
@end

${docLines(api.description, '')}@interface ${n.client} : NSObject

/// the stage's URL (a custom domain, another host); defaults to the stage GetSdk was called for
@property (nonatomic, copy) NSString *invokeUrl;
/// sent as x-api-key
@property (nonatomic, copy, nullable) NSString *apiKey;
/// AWS credentials: when both are set, every call is signed with SigV4 (execute-api), as AWS_IAM methods require
@property (nonatomic, copy, nullable) NSString *accessKey;
@property (nonatomic, copy, nullable) NSString *secretKey;
@property (nonatomic, copy, nullable) NSString *sessionToken;
@property (nonatomic, copy) NSString *region;
@property (nonatomic, strong) NSURLSession *session;

- (instancetype)init;
${api.operations.map((op) => `\n${docLines(operationDoc(op, argument), '')}${signature(op, n, models)};\n`).join('')}
@end

NS_ASSUME_NONNULL_END
`
}

function clientSource(api: SdkApi, target: SdkTarget, n: IosNaming, models: ReadonlySet<string>): string {
  const methods = api.operations
    .map((op) => {
      const required = op.parameters
        .filter((p) => p.required)
        .map((p) => `    NSParameterAssert(${argument(p)});\n`)
        .join('')
      let path = `@${cString(op.path)}`
      for (const p of op.parameters.filter((x) => x.in === 'path')) {
        const m = new RegExp(`\\{${p.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\+?\\}`).exec(op.path)
        if (m) path = `[${path} stringByReplacingOccurrencesOfString:@${cString(m[0])} withString:[${n.prefix}SigV4 encode:${argument(p)}]]`
      }
      const fill = (where: string, map: string) =>
        op.parameters
          .filter((p) => p.in === where)
          .map((p) => `    if (${argument(p)}) ${map}[@${cString(p.name)}] = ${argument(p)};\n`)
          .join('')
      const body = !sendsBody(op) ? 'nil' : op.bodyModel && models.has(op.bodyModel) ? '[body toDictionary]' : 'body'
      const read = op.responseModel && models.has(op.responseModel) ? `^id(id json) { return [${n.model(op.responseModel)} fromDictionary:json]; }` : '^id(id json) { return json; }'
      return `
${signature(op, n, models)} {
${required}    NSMutableDictionary<NSString *, NSString *> *query = [NSMutableDictionary dictionary];
${fill('query', 'query')}    NSMutableDictionary<NSString *, NSString *> *headers = [NSMutableDictionary dictionary];
${fill('header', 'headers')}    [self send:@${cString(op.verb)} path:${path} query:query headers:headers body:${body} read:${read} completion:completion];
}
`
    })
    .join('')
  return `// Generated by Portico for ${api.name} (${api.id}), stage ${target.stageName}.
#import "${n.client}.h"
#import "${n.prefix}SigV4.h"

NSErrorDomain const ${n.prefix}APIErrorDomain = @"${n.prefix}APIErrorDomain";

@implementation ${n.prefix}Response
- (instancetype)initWithStatus:(NSInteger)status headers:(NSDictionary *)headers body:(NSData *)body value:(id)value {
    if ((self = [super init])) {
        _status = status;
        _headers = [headers copy];
        _body = [body copy];
        _value = value;
    }
    return self;
}
@end

@implementation ${n.client}

- (instancetype)init {
    if ((self = [super init])) {
        _invokeUrl = @${cString(target.invokeUrl.replace(/\/$/, ''))};
        _region = @${cString(target.region)};
        _session = NSURLSession.sharedSession;
    }
    return self;
}
${methods}
- (void)send:(NSString *)method
        path:(NSString *)path
       query:(NSDictionary<NSString *, NSString *> *)query
     headers:(NSDictionary<NSString *, NSString *> *)headers
        body:(nullable id)body
        read:(id (^)(id json))read
  completion:(void (^)(id _Nullable response, NSError * _Nullable error))completion {
    NSMutableString *url = [NSMutableString stringWithString:[self.invokeUrl stringByAppendingString:path]];
    NSString *separator = @"?";
    for (NSString *key in [query.allKeys sortedArrayUsingSelector:@selector(compare:)]) {
        [url appendFormat:@"%@%@=%@", separator, [${n.prefix}SigV4 encode:key], [${n.prefix}SigV4 encode:query[key]]];
        separator = @"&";
    }
    NSURL *target = [NSURL URLWithString:url];
    if (!target) {
        completion(nil, [NSError errorWithDomain:NSURLErrorDomain code:NSURLErrorBadURL userInfo:nil]);
        return;
    }
    NSMutableDictionary<NSString *, NSString *> *sent = [NSMutableDictionary dictionaryWithObject:@"application/json" forKey:@"accept"];
    [headers enumerateKeysAndObjectsUsingBlock:^(NSString *key, NSString *value, BOOL *stop) {
        sent[key.lowercaseString] = value;
    }];
    if (self.apiKey) sent[@"x-api-key"] = self.apiKey;
    NSData *payload = [NSData data];
    if (body) {
        NSError *error = nil;
        payload = [NSJSONSerialization dataWithJSONObject:body options:NSJSONWritingFragmentsAllowed error:&error];
        if (!payload) {
            completion(nil, error);
            return;
        }
        sent[@"content-type"] = @"application/json";
    }
    NSDictionary<NSString *, NSString *> *final = sent;
    if (self.accessKey && self.secretKey) {
        final = [${n.prefix}SigV4 signMethod:method url:target headers:sent body:payload accessKey:self.accessKey secretKey:self.secretKey sessionToken:self.sessionToken region:self.region date:[NSDate date]];
    }
    NSMutableURLRequest *request = [NSMutableURLRequest requestWithURL:target];
    request.HTTPMethod = method;
    [final enumerateKeysAndObjectsUsingBlock:^(NSString *key, NSString *value, BOOL *stop) {
        [request setValue:value forHTTPHeaderField:key];
    }];
    if (body) request.HTTPBody = payload;
    [[self.session dataTaskWithRequest:request completionHandler:^(NSData *data, NSURLResponse *urlResponse, NSError *error) {
        if (error || ![urlResponse isKindOfClass:NSHTTPURLResponse.class]) {
            completion(nil, error ?: [NSError errorWithDomain:NSURLErrorDomain code:NSURLErrorBadServerResponse userInfo:nil]);
            return;
        }
        NSHTTPURLResponse *http = (NSHTTPURLResponse *)urlResponse;
        NSData *bytes = data ?: [NSData data];
        id json = nil;
        if ([[http valueForHTTPHeaderField:@"content-type"] ?: @"" containsString:@"json"] && bytes.length > 0) {
            json = [NSJSONSerialization JSONObjectWithData:bytes options:NSJSONReadingFragmentsAllowed error:nil];
        }
        if (http.statusCode < 200 || http.statusCode > 299) {
            ${n.prefix}Response *answer = [[${n.prefix}Response alloc] initWithStatus:http.statusCode headers:http.allHeaderFields body:bytes value:json];
            completion(nil, [NSError errorWithDomain:${n.prefix}APIErrorDomain code:http.statusCode userInfo:@{@"response": answer}]);
            return;
        }
        completion([[${n.prefix}Response alloc] initWithStatus:http.statusCode headers:http.allHeaderFields body:bytes value:json ? read(json) : nil], nil);
    }] resume];
}

@end
`
}

function readme(api: SdkApi, target: SdkTarget, n: IosNaming): string {
  const op = api.operations[0]
  return `# Objective-C client for ${api.name}

Generated by Portico for API \`${api.id}\`, stage \`${target.stageName}\`. Foundation (NSURLSession)
and CommonCrypto only: add the files in \`generated-src/\` to your Xcode target; nothing to link.

\`\`\`objc
#import "${n.client}.h"

${n.client} *client = [[${n.client} alloc] init];
client.apiKey = @"API_KEY";                                   // methods that require an API key
client.accessKey = @"ACCESS_KEY"; client.secretKey = @"SECRET_KEY";  // AWS_IAM methods (SigV4)
${op ? `[client ${op.name}With…:… completion:^(${n.prefix}Response *response, NSError *error) {\n    NSLog(@"%ld %@", (long)response.status, response.value);\n}];` : ''}
\`\`\`

A non-2xx answer completes with an NSError in \`${n.prefix}APIErrorDomain\` (code = status,
\`userInfo[@"response"]\` = the answer). Completion blocks run on the session's delegate queue.
`
}
