import { domainKey, type Certificate, type DomainRecord } from '../../../model/domain.ts'
import type { DomainStore } from '../domain-store.ts'
import { StoreMissingError } from '../store.ts'
import { uniqueToConflict } from './account-tables.ts'
import type { ApiKeyCipher } from './api-key-cipher.ts'
import type { StatementCache } from './statement-cache.ts'

/**
 * The DomainStore half of SqliteStore (tables in schema-v4.ts). Private keys are sealed with the
 * API key cipher, the row's identity as additional data, so a sealed key cannot be moved to
 * another certificate's row.
 */
export class SqliteDomainTables implements DomainStore {
  readonly #sql: StatementCache
  readonly #cipher: ApiKeyCipher

  constructor(sql: StatementCache, cipher: ApiKeyCipher) {
    this.#sql = sql
    this.#cipher = cipher
  }

  async putCertificate(certificate: Certificate, privateKeyPem: string): Promise<void> {
    const arn = certificate.certificateArn
    this.#sql
      .get('INSERT INTO certificates (arn, json, private_key) VALUES (?, ?, ?) ON CONFLICT (arn) DO UPDATE SET json = excluded.json, private_key = excluded.private_key')
      .run(arn, JSON.stringify(certificate), this.#cipher.seal(`certificate ${arn}`, privateKeyPem))
  }

  async getCertificate(arn: string): Promise<Certificate | undefined> {
    const json = this.#sql.get<[string], string>('SELECT json FROM certificates WHERE arn = ?').pluck().get(arn)
    return json === undefined ? undefined : (JSON.parse(json) as Certificate)
  }

  async getCertificateKey(arn: string): Promise<string | undefined> {
    const sealed = this.#sql.get<[string], string>('SELECT private_key FROM certificates WHERE arn = ?').pluck().get(arn)
    return sealed === undefined ? undefined : this.#cipher.open(`certificate ${arn}`, sealed)
  }

  async listCertificates(): Promise<Certificate[]> {
    return this.#sql
      .get<[], string>('SELECT json FROM certificates ORDER BY seq')
      .pluck()
      .all()
      .map((json) => JSON.parse(json) as Certificate)
  }

  async deleteCertificate(arn: string): Promise<boolean> {
    return this.#sql.get('DELETE FROM certificates WHERE arn = ?').run(arn).changes > 0
  }

  async createDomainName(record: DomainRecord): Promise<void> {
    try {
      this.#sql.get('INSERT INTO domain_names (name, json) VALUES (?, ?)').run(domainKey(record.domain), JSON.stringify(record))
    } catch (error) {
      throw uniqueToConflict(error, `Domain name ${domainKey(record.domain)} already exists`)
    }
  }

  async getDomainName(domainName: string): Promise<DomainRecord | undefined> {
    const json = this.#sql.get<[string], string>('SELECT json FROM domain_names WHERE name = ?').pluck().get(domainName)
    return json === undefined ? undefined : (JSON.parse(json) as DomainRecord)
  }

  async listDomainNames(): Promise<DomainRecord[]> {
    return this.#sql
      .get<[], string>('SELECT json FROM domain_names ORDER BY seq')
      .pluck()
      .all()
      .map((json) => JSON.parse(json) as DomainRecord)
  }

  async updateDomainName(record: DomainRecord): Promise<void> {
    const { changes } = this.#sql.get('UPDATE domain_names SET json = ? WHERE name = ?').run(JSON.stringify(record), domainKey(record.domain))
    if (changes === 0) throw new StoreMissingError(`Domain name ${domainKey(record.domain)} does not exist`)
  }

  async deleteDomainName(domainName: string): Promise<boolean> {
    return this.#sql.get('DELETE FROM domain_names WHERE name = ?').run(domainName).changes > 0
  }

  async setClientCertificateKey(id: string, privateKeyPem: string): Promise<void> {
    const { changes } = this.#sql.get('UPDATE client_certificates SET private_key = ? WHERE id = ?').run(this.#cipher.seal(`client-certificate ${id}`, privateKeyPem), id)
    if (changes === 0) throw new StoreMissingError(`Client certificate ${id} does not exist`)
  }

  async getClientCertificateKey(id: string): Promise<string | undefined> {
    const sealed = this.#sql.get<[string], string | null>('SELECT private_key FROM client_certificates WHERE id = ?').pluck().get(id)
    return sealed === undefined || sealed === null ? undefined : this.#cipher.open(`client-certificate ${id}`, sealed)
  }
}
