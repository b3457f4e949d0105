import { inflateRawSync } from 'node:zlib'
import type { ZipEntry } from './zip.ts'

/**
 * Reads a ZIP archive's files (stored or deflated; no ZIP64, no encryption) from its central
 * directory: the counterpart of zip.ts, for `portico sdk --out`. Names that would escape the
 * target directory (absolute, `..`) are refused.
 */
export function unzip(archive: Buffer): ZipEntry[] {
  const end = findEnd(archive)
  const count = archive.readUInt16LE(end + 10)
  let at = archive.readUInt32LE(end + 16)
  const entries: ZipEntry[] = []
  for (let i = 0; i < count; i++) {
    if (archive.readUInt32LE(at) !== 0x02014b50) throw new Error('not a zip archive: bad central directory')
    const method = archive.readUInt16LE(at + 10)
    const compressedSize = archive.readUInt32LE(at + 20)
    const nameLength = archive.readUInt16LE(at + 28)
    const extraLength = archive.readUInt16LE(at + 30)
    const commentLength = archive.readUInt16LE(at + 32)
    const localOffset = archive.readUInt32LE(at + 42)
    const name = archive.subarray(at + 46, at + 46 + nameLength).toString('utf8')
    at += 46 + nameLength + extraLength + commentLength
    if (name.endsWith('/')) continue
    if (name.startsWith('/') || name.split('/').includes('..') || name.includes('\\')) throw new Error(`zip entry ${JSON.stringify(name)} would leave the target directory`)
    const dataStart = localOffset + 30 + archive.readUInt16LE(localOffset + 26) + archive.readUInt16LE(localOffset + 28)
    const data = archive.subarray(dataStart, dataStart + compressedSize)
    if (method !== 0 && method !== 8) throw new Error(`zip entry ${name}: compression method ${method} is not supported`)
    entries.push({ name, content: method === 8 ? inflateRawSync(data) : Buffer.from(data) })
  }
  return entries
}

function findEnd(archive: Buffer): number {
  for (let at = archive.length - 22; at >= Math.max(0, archive.length - 22 - 65_535); at--) {
    if (archive.readUInt32LE(at) === 0x06054b50) return at
  }
  throw new Error('not a zip archive: no end of central directory')
}
