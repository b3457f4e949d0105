/**
 * Prints the management API's operations table (supported / partial / missing) that
 * docs/compatibility.md holds, derived from botocore's service model and Portico's operation
 * list (test/control/shapes/coverage.ts); `--write` puts it into the page between its markers.
 *
 *   node --import tsx scripts/compatibility-table.ts [--write]
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { BOTOCORE_VERSION, loadApiGatewayModel } from '../test/control/shapes/aws-model.ts'
import { operationsTable, withTable } from '../test/control/shapes/coverage.ts'

const table = operationsTable(loadApiGatewayModel(), BOTOCORE_VERSION)
if (process.argv.includes('--write')) {
  const page = join(import.meta.dirname, '..', 'docs', 'compatibility.md')
  writeFileSync(page, withTable(readFileSync(page, 'utf8'), table))
  console.log(`wrote the operations table into ${page}`)
} else {
  console.log(table)
}
