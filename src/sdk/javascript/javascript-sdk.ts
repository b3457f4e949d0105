import type { ZipEntry } from '../../lib/zip.ts'
import { commentText, type SdkApi, type SdkOperation } from '../api-surface.ts'
import type { SdkTarget } from '../sdk-target.ts'
import { JS_LIBRARY, JS_LICENCE_HEADER } from './library.ts'

/**
 * The `javascript` SDK in AWS's layout: `apiGateway-js-sdk/apigClient.js` (this API and stage),
 * the library under `lib/`, and a README. `apigClientFactory.newClient(config)` takes AWS's
 * config (accessKey, secretKey, sessionToken, region, apiKey, defaultContentType,
 * defaultAcceptType) plus Portico's `invokeUrl`; each method is
 * `name(params, body, additionalParams)` and resolves `{status, headers, data}` as axios does.
 */

const ROOT = 'apiGateway-js-sdk'

export function javascriptSdk(api: SdkApi, target: SdkTarget): ZipEntry[] {
  return [
    { name: `${ROOT}/apigClient.js`, content: apigClient(api, target) },
    ...JS_LIBRARY.map((f) => ({ name: `${ROOT}/${f.path}`, content: f.content })),
    { name: `${ROOT}/README.md`, content: readme(api, target) },
  ]
}

function apigClient(api: SdkApi, target: SdkTarget): string {
  const requires = JS_LIBRARY.map((f) => `    require('./${f.path}');`).join('\n')
  return `${JS_LICENCE_HEADER}/**
 * ${commentText(api.name)} (${api.id}), stage ${target.stageName}${api.description ? `\n *\n * ${docLines(api.description)}` : ''}
 */
(function (root) {
  'use strict';
  // in Node the library loads here; in a browser its <script> tags come first (README.md)
  if (typeof root.apiGateway === 'undefined' && typeof require === 'function') {
${requires}
  }
  var apiGateway = root.apiGateway;
  var uritemplate = root.uritemplate;
  var apigClientFactory = {};

  apigClientFactory.newClient = function (config) {
    var apigClient = {};
    if (config === undefined) {
      config = { accessKey: '', secretKey: '', sessionToken: '', region: '', apiKey: undefined, defaultContentType: 'application/json', defaultAcceptType: 'application/json' };
    }
    if (config.accessKey === undefined) config.accessKey = '';
    if (config.secretKey === undefined) config.secretKey = '';
    if (config.apiKey === undefined) config.apiKey = '';
    if (config.sessionToken === undefined) config.sessionToken = '';
    if (config.region === undefined || config.region === '') config.region = ${JSON.stringify(target.region)};
    if (config.defaultContentType === undefined) config.defaultContentType = 'application/json';
    if (config.defaultAcceptType === undefined) config.defaultAcceptType = 'application/json';

    // the stage's invoke URL; config.invokeUrl (Portico's addition) points the client elsewhere
    var invokeUrl = config.invokeUrl || ${JSON.stringify(target.invokeUrl)};
    var endpoint = /(^https?:\\/\\/[^\\/]+)/g.exec(invokeUrl)[1];
    var pathComponent = invokeUrl.substring(endpoint.length).replace(/\\/$/, '');

    var sigV4ClientConfig = {
      accessKey: config.accessKey,
      secretKey: config.secretKey,
      sessionToken: config.sessionToken,
      serviceName: 'execute-api',
      region: config.region,
      endpoint: endpoint,
      defaultContentType: config.defaultContentType,
      defaultAcceptType: config.defaultAcceptType,
    };
    var authType = 'NONE';
    if (sigV4ClientConfig.accessKey !== undefined && sigV4ClientConfig.accessKey !== '' && sigV4ClientConfig.secretKey !== undefined && sigV4ClientConfig.secretKey !== '') {
      authType = 'AWS_IAM';
    }
    var simpleHttpClientConfig = { endpoint: endpoint, defaultContentType: config.defaultContentType, defaultAcceptType: config.defaultAcceptType };
    var apiGatewayClient = apiGateway.core.apiGatewayClientFactory.newClient(simpleHttpClientConfig, sigV4ClientConfig);
${api.operations.map(method).join('')}
    return apigClient;
  };

  root.apigClientFactory = apigClientFactory;
  if (typeof module === 'object' && module.exports) module.exports = apigClientFactory;
})(typeof globalThis !== 'undefined' ? globalThis : this);
`
}

function method(op: SdkOperation): string {
  const names = (where: string) => op.parameters.filter((p) => p.in === where).map((p) => p.name)
  const list = (items: string[]) => `[${items.map((n) => JSON.stringify(n)).join(', ')}]`
  const required = op.parameters.filter((p) => p.required).map((p) => p.name)
  return `
    /**
${docBlock(op)}
     */
    apigClient.${op.name} = function (params, body, additionalParams) {
      if (additionalParams === undefined) additionalParams = {};
      apiGateway.core.utils.assertParametersDefined(params, ${list([...required, ...(op.bodyModel ? ['body'] : [])])}, ['body']);
      var request = {
        verb: ${JSON.stringify(op.verb)},
        path: pathComponent + uritemplate(${JSON.stringify(op.path)}).expand(apiGateway.core.utils.parseParametersToObject(params, ${list(names('path'))})),
        headers: apiGateway.core.utils.parseParametersToObject(params, ${list(names('header'))}),
        queryParams: apiGateway.core.utils.parseParametersToObject(params, ${list(names('query'))}),
        body: body,
      };
      return apiGatewayClient.makeRequest(request, authType, additionalParams, config.apiKey);
    };
`
}

function docBlock(op: SdkOperation): string {
  const lines: string[] = []
  if (op.summary) lines.push(op.summary)
  if (op.description) lines.push(...(lines.length > 0 ? [''] : []), op.description)
  lines.push(...(lines.length > 0 ? [''] : []), `${op.verb} ${op.path}${op.iam ? ' (AWS_IAM: give accessKey and secretKey)' : ''}${op.apiKeyRequired ? ' (needs apiKey)' : ''}`)
  for (const p of op.parameters) lines.push(`@param {string} params.${p.name} ${p.in}${p.required ? ', required' : ''}${p.description ? `: ${p.description}` : ''}`)
  if (op.bodyModel) lines.push(`@param {object} body a ${op.bodyModel}`)
  lines.push('@param {object} [additionalParams] {headers, queryParams} sent as well', '@returns {Promise<{status: number, headers: object, data: any}>}')
  return lines.map((l) => `     * ${commentText(l)}`.trimEnd()).join('\n')
}

function docLines(text: string): string {
  return commentText(text).split('\n').join('\n * ')
}

function readme(api: SdkApi, target: SdkTarget): string {
  const first = api.operations[0]
  const scripts = JS_LIBRARY.map((f) => `<script type="text/javascript" src="${f.path}"></script>`).join('\n')
  return `# JavaScript SDK for ${api.name}

Generated by Portico for API \`${api.id}\`, stage \`${target.stageName}\` (${target.invokeUrl}).
It needs no other library: requests go through \`fetch\` and signatures use WebCrypto, so it
runs in current browsers and in Node 18 or later.

## In a browser

\`\`\`html
${scripts}
<script type="text/javascript" src="apigClient.js"></script>
\`\`\`

## In Node

\`\`\`js
const apigClientFactory = require('./apiGateway-js-sdk/apigClient.js')
\`\`\`

## Calling the API

\`\`\`js
var apigClient = apigClientFactory.newClient()
// or with IAM credentials (methods using AWS_IAM) and an API key (methods that require one):
var apigClient = apigClientFactory.newClient({ accessKey: 'ACCESS_KEY', secretKey: 'SECRET_KEY', sessionToken: 'SESSION_TOKEN', region: '${target.region}', apiKey: 'API_KEY' })

var params = {} // path, query and header parameters by name
var body = {}
var additionalParams = { headers: {}, queryParams: {} }
${first ? `apigClient.${first.name}(params, body, additionalParams)` : 'apigClient.someMethod(params, body, additionalParams)'}
  .then(function (result) { console.log(result.status, result.data) })
  .catch(function (error) { console.log(error.response ? error.response.status : error) })
\`\`\`

\`config.invokeUrl\` (Portico's addition) sends the calls to another URL, e.g. a custom domain.

## Methods

${api.operations.map((op) => `- \`${op.name}(params, body, additionalParams)\`: ${op.verb} ${op.path}${op.summary ? ` — ${op.summary}` : ''}`).join('\n') || 'None: the API has no methods but ANY, which a client cannot call by name.'}
`
}
