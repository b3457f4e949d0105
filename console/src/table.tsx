import type { ReactNode } from 'react'

/** One column: its header (empty: an Actions column, named for screen readers only) and what each row shows in it. */
export interface Column<T> {
  header: string
  cell: (row: T) => ReactNode
}

/** `<code>` text, the way ids, endpoints and URIs show in a list. */
export const code = (text: string | undefined) => (text === undefined ? null : <code>{text}</code>)

/** A date a list shows: AWS's apigateway answers epoch seconds, apigatewayv2 ISO text. */
export function shownDate(value: number | string | undefined): string {
  if (value === undefined) return ''
  return new Date(typeof value === 'number' ? value * 1000 : value).toLocaleString()
}

/**
 * The list tables of the console (REST APIs, HTTP APIs and their parts, deployment history): a
 * labelled table, one header cell per column, a row per item and, when loaded and empty, one
 * row saying so.
 */
export function ListTable<T>(props: { label: string; columns: ReadonlyArray<Column<T>>; rows: readonly T[] | undefined; rowKey: (row: T) => string; empty?: string }) {
  const rows = props.rows ?? []
  return (
    <table className="list" aria-label={props.label}>
      <thead>
        <tr>
          {props.columns.map((c, i) => (
            <th key={i} scope="col">
              {c.header || <span className="sr">Actions</span>}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={props.rowKey(row)}>
            {props.columns.map((c, i) => (
              <td key={i}>{c.cell(row)}</td>
            ))}
          </tr>
        ))}
        {props.rows && rows.length === 0 && props.empty && (
          <tr>
            <td colSpan={props.columns.length}>{props.empty}</td>
          </tr>
        )}
      </tbody>
    </table>
  )
}
