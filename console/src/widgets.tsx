import type { ReactNode } from 'react'

/** The AWS error of the control above it, announced to screen readers. */
export function ErrorText({ error, id }: { error: string | undefined; id?: string }) {
  return error ? (
    <p className="error" role="alert" id={id}>
      {error}
    </p>
  ) : null
}

export function Panel({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="panel" aria-label={title}>
      <header>
        <h2>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  )
}

/** A labelled input; its error (if any) sits right under it. */
export function Field(props: { label: string; value: string; onChange: (v: string) => void; type?: string; error?: string; required?: boolean; placeholder?: string; autoComplete?: string }) {
  const id = `f-${props.label.replace(/\W+/g, '-').toLowerCase()}`
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type={props.type ?? 'text'}
        value={props.value}
        required={props.required}
        placeholder={props.placeholder}
        autoComplete={props.autoComplete ?? 'off'}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <ErrorText error={props.error} id={`${id}-error`} />
    </div>
  )
}

/** Downloads text as a file (exports), without leaving the page. */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** JSON text indented for reading; anything else as it is */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}

/** A list row's Delete button: asks first, labelled with what it deletes. */
export function DeleteButton({ name, what, onDelete }: { name: string; what: string; onDelete: () => void }) {
  return (
    <button type="button" className="danger" aria-label={`Delete ${name}`} onClick={() => confirm(`Delete ${what} ${name}?`) && onDelete()}>
      Delete
    </button>
  )
}
