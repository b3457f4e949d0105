import { createSecureContext, type SecureContext, type TLSSocket } from 'node:tls'

/**
 * The certificates an HTTPS listener presents, chosen by SNI: each custom domain's (exact name
 * first, then its `*.parent` wildcard), else the default (`--tls-cert` / `--tls-key`). Both are
 * swapped whole (SIGHUP reloads the files, a domain change the domains): a handshake picks the
 * context current when it starts; connections already open keep theirs.
 *
 * A domain with mutual TLS asks its clients for a certificate (never requires it: AWS finishes
 * the handshake and answers 403, tlsPeer() tells which) and verifies it against its truststore.
 */

export interface PemPair {
  cert: string
  key: string
}

export interface TlsDomain {
  /** lower case; `*.example.com` for a wildcard */
  domainName: string
  /** the certificate (then its chain) and key */
  cert: string
  key: string
  /** the domain's securityPolicy: the lowest protocol its clients may use */
  minVersion: 'TLSv1' | 'TLSv1.2'
  /** the mutual TLS truststore (PEM CA bundle) */
  truststore?: string
}

interface DomainContext {
  readonly context: SecureContext
  readonly minVersion: TlsDomain['minVersion']
  readonly mutualTls: boolean
}

export class TlsContexts {
  #default: PemPair
  #defaultContext: SecureContext
  #domains = new Map<string, DomainContext>()
  readonly #onDefault = new Set<(pair: PemPair) => void>()

  constructor(defaultPair: PemPair) {
    this.#defaultContext = createSecureContext(defaultPair)
    this.#default = defaultPair
  }

  /** the default certificate; throws (keeping the old one) when the pair is unusable */
  setDefault(pair: PemPair): void {
    this.#defaultContext = createSecureContext(pair)
    this.#default = pair
    for (const listener of this.#onDefault) listener(pair)
  }

  get defaultPair(): PemPair {
    return this.#default
  }

  /** listeners apply a new default to handshakes without SNI (server.setSecureContext) */
  onDefault(listener: (pair: PemPair) => void): () => void {
    this.#onDefault.add(listener)
    return () => this.#onDefault.delete(listener)
  }

  /** replaces every domain's context; a domain whose certificate does not load is left out and reported */
  setDomains(domains: readonly TlsDomain[], onProblem: (domainName: string, error: Error) => void = () => {}): void {
    const next = new Map<string, DomainContext>()
    for (const domain of domains) {
      try {
        const context = createSecureContext({ cert: domain.cert, key: domain.key, ...(domain.truststore !== undefined && { ca: domain.truststore }) })
        next.set(domain.domainName, { context, minVersion: domain.minVersion, mutualTls: domain.truststore !== undefined })
      } catch (error) {
        onProblem(domain.domainName, error as Error)
      }
    }
    this.#domains = next
  }

  /** the domain entry serving `servername`: exact, then wildcard */
  #lookup(servername: string): DomainContext | undefined {
    const name = servername.toLowerCase()
    const exact = this.#domains.get(name)
    if (exact !== undefined) return exact
    const dot = name.indexOf('.')
    return dot < 0 ? undefined : this.#domains.get(`*${name.slice(dot)}`)
  }

  /**
   * The listener's SNICallback. Node calls it as a method of the TLS socket: a mutual TLS
   * domain's handshake asks for a client certificate there, without rejecting (the verify mode
   * is the socket's own; node:tls has no per-SNI option for it).
   */
  sniCallback(): (this: TLSSocket, servername: string, callback: (error: Error | null, context?: SecureContext) => void) => void {
    const lookup = (servername: string) => this.#lookup(servername)
    const fallback = () => this.#defaultContext
    return function sniCallback(this: TLSSocket, servername, callback) {
      const domain = lookup(servername)
      if (domain?.mutualTls) (this as unknown as { _handle?: { setVerifyMode(request: boolean, reject: boolean): void } })._handle?.setVerifyMode(true, false)
      callback(null, domain?.context ?? fallback())
    }
  }

  /**
   * After the handshake: whether the socket may be served (its protocol meets the SNI domain's
   * securityPolicy), and for a mutual TLS domain what the client presented.
   */
  inspect(socket: TLSSocket): TlsPeer {
    const servername = typeof socket.servername === 'string' ? socket.servername.toLowerCase() : undefined
    const domain = servername === undefined ? undefined : this.#lookup(servername)
    if (domain === undefined) return { servername, mutualTls: false, protocolOk: true }
    const protocolOk = domain.minVersion === 'TLSv1' || !/^TLSv1(\.1)?$/.test(socket.getProtocol() ?? '')
    if (!domain.mutualTls) return { servername, mutualTls: false, protocolOk }
    const peer = socket.getPeerX509Certificate()
    const verifyError = (socket as unknown as { _handle?: { verifyError(): Error | null } })._handle?.verifyError() ?? null
    return { servername, mutualTls: true, protocolOk, ...(peer !== undefined && { peer }), ...(peer !== undefined && verifyError !== null && { verifyError: verifyError.message }) }
  }
}

export interface TlsPeer {
  /** the SNI name, lower case */
  servername: string | undefined
  /** the SNI domain requires a client certificate */
  mutualTls: boolean
  protocolOk: boolean
  /** the client's certificate, when it sent one */
  peer?: import('node:crypto').X509Certificate
  /** why the certificate is not trusted (expired, unknown issuer, self-signed…); absent when it is */
  verifyError?: string
}
