/**
 * OpenAPI import (ImportRestApi / PutRestApi) and export (GetExport) for REST APIs, and for HTTP
 * APIs (apigatewayv2's ImportApi / ReimportApi / ExportApi: http-import.ts, http-export.ts).
 *
 * Choices where AWS's behaviour is not documented:
 * - inline body/response schemas become models named `MODEL` + 6 hex digits of the SHA-256 of
 *   the schema as written (AWS's exports show such names, e.g. `MODELd2a00d`; its hash is unknown);
 * - `basePath` / `servers` are ignored on import unless `basepath=prepend|split` asks
 *   (base-path.ts; AWS's default is `ignore`);
 * - an unset `passthroughBehavior` becomes WHEN_NO_MATCH and `timeoutInMillis` 29000, and both are
 *   exported, as AWS's GetIntegration and exports show them;
 * - response headers import as optional (`false`) unless an OpenAPI 3 header says `required`;
 * - `x-amazon-apigateway-endpoint-configuration` may carry `types` (Portico's addition) so that an
 *   export of a REGIONAL/PRIVATE API re-imports as one;
 * - `x-amazon-apigateway-policy` is stored verbatim: `execute-api:/*` is not expanded to an ARN.
 */
export { importOpenApi, type ImportOptions, type ImportResult } from './import.ts'
export { exportOpenApi, type ExportExtension, type ExportOptions } from './export.ts'
export { parseText, type ParseResult } from './parse.ts'
export type { Problem } from './problems.ts'
export type { ImportMode } from './merge.ts'
export { importHttpApi, type HttpImportOptions, type HttpImportResult } from './http-import.ts'
export { exportHttpApi, type HttpExportOptions } from './http-export.ts'
export { documentProtocol, type DocumentProtocol } from './document-protocol.ts'
export { BASE_PATH_MODES, type BasePathMode } from './base-path.ts'
