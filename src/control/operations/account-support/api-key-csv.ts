import { badRequest } from '../../protocol/errors.ts'

/**
 * ImportApiKeys' CSV (AWS's "API key file format"): a header row naming the columns in any
 * order and any case; `Name` and `Key` required; `Description`, `Enabled` and `UsagePlanIds`
 * optional (defaults: empty, true, none); unknown columns ignored. `UsagePlanIds` holds
 * comma-separated ids, quoted with `"` or `'` when there are several.
 */
export interface ApiKeyRow {
  /** 1-based line of the row in the file, for warnings */
  line: number
  name: string
  key: string
  description: string
  enabled: boolean
  usagePlanIds: string[]
}

const COLUMNS = ['name', 'key', 'description', 'enabled', 'usageplanids'] as const

export function parseApiKeyCsv(text: string): ApiKeyRow[] {
  const records = splitRecords(text.replace(/^\uFEFF/, ''))
  const header = records.shift()
  if (header === undefined) throw badRequest('Invalid API key file: the file is empty')
  const names = header.fields.map((h) => h.trim().toLowerCase())
  const at = Object.fromEntries(COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<(typeof COLUMNS)[number], number>
  if (at.name < 0 || at.key < 0) throw badRequest('Invalid API key file: the header must name the Name and Key columns')
  return records
    .filter((r) => r.fields.some((f) => f.trim() !== ''))
    .map((r) => {
      const field = (i: number) => (i < 0 ? '' : (r.fields[i] ?? '').trim())
      const enabled = field(at.enabled).toLowerCase()
      return {
        line: r.line,
        name: field(at.name),
        key: field(at.key),
        description: field(at.description),
        enabled: enabled !== 'false',
        usagePlanIds: field(at.usageplanids)
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      }
    })
}

/** RFC 4180 records; `"` and, as AWS's format allows for UsagePlanIds, `'` quote a field. */
function splitRecords(text: string): Array<{ line: number; fields: string[] }> {
  const records: Array<{ line: number; fields: string[] }> = []
  let fields: string[] = []
  let field = ''
  let quote: string | undefined
  let line = 1
  let recordLine = 1
  let atFieldStart = true
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quote !== undefined) {
      if (c === quote && text[i + 1] === quote) {
        field += c
        i++
      } else if (c === quote) quote = undefined
      else {
        if (c === '\n') line++
        field += c
      }
      continue
    }
    if ((c === '"' || c === "'") && atFieldStart) {
      quote = c
      atFieldStart = false
    } else if (c === ',') {
      fields.push(field)
      field = ''
      atFieldStart = true
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      fields.push(field)
      records.push({ line: recordLine, fields })
      fields = []
      field = ''
      atFieldStart = true
      recordLine = ++line
    } else {
      field += c
      if (c !== ' ' && c !== '\t') atFieldStart = false
    }
  }
  if (quote !== undefined) throw badRequest(`Invalid API key file: unterminated quote on line ${recordLine}`)
  if (field !== '' || fields.length > 0) {
    fields.push(field)
    records.push({ line: recordLine, fields })
  }
  return records
}
