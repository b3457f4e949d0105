// A loopback OIDC issuer for the JWT bench rows (discovery, JWKS, a real RSA key: test/auth/oidc-issuer.ts),
// in its own process so that it answers while the bench waits on its load generator. Prints
// `READY <issuer url> <token>`: a token for audience BENCH_JWT_AUDIENCE, valid for an hour.
import { startIssuer } from '../../test/auth/oidc-issuer.ts'
import { BENCH_JWT_AUDIENCE } from './apis.ts'

const issuer = await startIssuer()
process.stdout.write(`READY ${issuer.url} ${issuer.token({ sub: 'bench', aud: BENCH_JWT_AUDIENCE, scope: 'read' })}\n`)
process.on('SIGTERM', () => void issuer.close().then(() => process.exit(0)))
