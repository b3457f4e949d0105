import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CREDENTIALS_FILE, type PorticoConfig } from '../../config.ts'
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../../lib/private-dir.ts'
import type { AdminCredentials } from '../../lib/sigv4/verify.ts'

export interface ResolvedAdminCredentials extends AdminCredentials {
  /** where they came from; `generated` means just created, to be shown once */
  source: 'config' | 'file' | 'generated'
  /** the file holding them, when not from the configuration */
  file?: string
}

/**
 * The management API's credentials: the configured pair (PORTICO_ADMIN_ACCESS_KEY_ID /
 * PORTICO_ADMIN_SECRET_ACCESS_KEY), else the pair in `<dataDir>/admin-credentials.json`, else a new
 * pair written there with mode 0600.
 */
export async function loadAdminCredentials(config: PorticoConfig): Promise<ResolvedAdminCredentials> {
  if (config.adminAccessKeyId !== undefined && config.adminSecretAccessKey !== undefined) {
    return { accessKeyId: config.adminAccessKeyId, secretAccessKey: config.adminSecretAccessKey, source: 'config' }
  }
  const file = join(config.dataDir, CREDENTIALS_FILE)
  try {
    const stored = JSON.parse(await readFile(file, 'utf8')) as Partial<AdminCredentials>
    if (typeof stored.accessKeyId === 'string' && typeof stored.secretAccessKey === 'string') {
      return { accessKeyId: stored.accessKeyId, secretAccessKey: stored.secretAccessKey, source: 'file', file }
    }
    throw new Error(`${file} must hold {"accessKeyId": "...", "secretAccessKey": "..."}`)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const generated: AdminCredentials = { accessKeyId: newAccessKeyId(), secretAccessKey: newSecretAccessKey() }
  await mkdir(config.dataDir, { recursive: true, mode: PRIVATE_DIR_MODE })
  // 'wx': two processes starting at once must not overwrite each other's pair
  try {
    await writeFile(file, JSON.stringify(generated, null, 2) + '\n', { mode: PRIVATE_FILE_MODE, flag: 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadAdminCredentials(config)
    throw error
  }
  return { ...generated, source: 'generated', file }
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** `AKIA` + 16 characters of base32, the shape of an AWS access key id. */
function newAccessKeyId(): string {
  const bytes = randomBytes(16)
  let id = 'AKIA'
  for (const b of bytes) id += UPPER[b & 31]
  return id
}

/** 40 characters, the length of an AWS secret access key. */
function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64')
}
