// A second gateway process for shared-cache.test.ts: Portico on an existing data directory and
// the Redis cache, with the test harness's admin keys.
//   node --import tsx test/cache/child-portico.ts <data-dir> <redis-url>   → READY <port>
import { resolveConfig } from '../../src/config.ts'
import { startPortico } from '../../src/main.ts'
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY } from '../control/harness.ts'

const [dataDir, cache] = process.argv.slice(2)
const portico = await startPortico(resolveConfig({ dataDir, port: 0, cache, adminAccessKeyId: ACCESS_KEY_ID, adminSecretAccessKey: SECRET_ACCESS_KEY }, {}))
process.stdout.write(`READY ${portico.address.port}\n`)
process.on('SIGTERM', () => void portico.close().then(() => process.exit(0)))
