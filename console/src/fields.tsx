import { useId, type ReactNode } from 'react'
import { ErrorText } from './widgets.tsx'

/**
 * Labelled form controls for the editing views. Each takes its id from useId(), so the same
 * form drawn many times on one page (one per status code, per authorizer…) keeps every label
 * pointing at its own control.
 */

export function TextInput(props: { label: string; value: string; onChange: (v: string) => void; placeholder?: string; required?: boolean; inputMode?: 'numeric' | 'text' }) {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input id={id} value={props.value} placeholder={props.placeholder} required={props.required} inputMode={props.inputMode} autoComplete="off" onChange={(e) => props.onChange(e.target.value)} />
    </div>
  )
}

/** A select; `options` are values, or [value, text] pairs. */
export function Select(props: { label: string; value: string; onChange: (v: string) => void; options: ReadonlyArray<string | readonly [string, string]> }) {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.options.map((o) => {
          const [value, text] = typeof o === 'string' ? [o, o] : o
          return (
            <option key={value} value={value}>
              {text}
            </option>
          )
        })}
      </select>
    </div>
  )
}

export function Check(props: { label: ReactNode; checked: boolean; onChange: (v: boolean) => void; disabled?: boolean }) {
  const id = useId()
  return (
    <div className="check">
      <input id={id} type="checkbox" checked={props.checked} disabled={props.disabled} onChange={(e) => props.onChange(e.target.checked)} />
      <label htmlFor={id}>{props.label}</label>
    </div>
  )
}

/** A form that runs `onSubmit` and shows its AWS error under its controls. */
export function EditForm(props: { label: string; submit: string; /** the button's accessible name when its text alone is ambiguous */ submitName?: string; busy: boolean; error: string | undefined; onSubmit: () => void; children: ReactNode; extra?: ReactNode }) {
  return (
    <form
      className="edit"
      aria-label={props.label}
      onSubmit={(e) => {
        e.preventDefault()
        props.onSubmit()
      }}
    >
      <div className="row">
        {props.children}
        <button type="submit" disabled={props.busy} aria-label={props.submitName}>
          {props.submit}
        </button>
        {props.extra}
      </div>
      <ErrorText error={props.error} />
    </form>
  )
}
