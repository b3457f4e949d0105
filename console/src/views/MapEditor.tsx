import { useState } from 'react'
import { useAction } from '../hooks.ts'
import { pointer, type PatchOperation } from '../patch.ts'
import { Check, EditForm, TextInput } from '../fields.tsx'
import { ErrorText } from '../widgets.tsx'

/**
 * One map of a resource (request parameters, models, response headers, stage-variable overrides…)
 * edited as the AWS CLI edits it: `add` an entry at `{path}/{key}`, `remove` it, and for flags
 * (`required`) `replace` its value. `send` is the PATCH of the resource that holds the map.
 */
export function MapEditor(props: {
  title: string
  path: string
  entries: Record<string, string | boolean> | undefined
  send: (ops: PatchOperation[]) => Promise<unknown>
  keyLabel: string
  /** flags: a "Required" checkbox instead of a text value */
  valueLabel?: string
  flag?: boolean
  keyPlaceholder?: string
  valuePlaceholder?: string
  /** the operation that writes a new entry: `add` (the default), or `replace` where AWS accepts only that */
  write?: 'add' | 'replace'
  /** the operations that remove one entry, where AWS refuses `remove` on the map's entries (the default: `remove {path}/{key}`) */
  removeOps?: (key: string) => PatchOperation[]
}) {
  const [key, setKey] = useState('')
  const [value, setValue] = useState('')
  const [required, setRequired] = useState(false)
  const add = useAction()
  const row = useAction()
  // a flag shows its new state at once; back to the stored one if the update fails
  const [shown, setShown] = useState<Record<string, boolean>>({})
  const entries = Object.entries(props.entries ?? {})
  const at = (k: string) => `${props.path}${pointer(k)}`
  return (
    <fieldset className="map" aria-label={props.title}>
      <legend>{props.title}</legend>
      <ul className="compact">
        {entries.map(([k, v]) => (
          <li key={k}>
            <code>{k}</code>{' '}
            {props.flag ? (
              <Check
                label={
                  <>
                    <span className="sr">{k} </span>required
                  </>
                }
                checked={shown[k] ?? v === true}
                disabled={row.busy}
                onChange={(c) => {
                  setShown({ ...shown, [k]: c })
                  void row.run(() => props.send([{ op: 'replace', path: at(k), value: String(c) }])).then((ok) => ok || setShown(({ [k]: _, ...rest }) => rest))
                }}
              />
            ) : (
              <>
                → <code>{String(v)}</code>
              </>
            )}{' '}
            <button type="button" aria-label={`Remove ${k} from ${props.title}`} disabled={row.busy} onClick={() => void row.run(() => props.send(props.removeOps?.(k) ?? [{ op: 'remove', path: at(k) }]))}>
              Remove
            </button>
          </li>
        ))}
        {entries.length === 0 && <li>None.</li>}
      </ul>
      <ErrorText error={row.error} />
      <EditForm
        label={`Add to ${props.title}`}
        submit="Add"
        submitName={`Add to ${props.title}`}
        busy={add.busy}
        error={add.error}
        onSubmit={() =>
          void add.run(() => props.send([{ op: props.write ?? 'add', path: at(key), value: props.flag ? String(required) : value }])).then((ok) => {
            if (!ok) return
            setKey('')
            setValue('')
            setRequired(false)
          })
        }
      >
        <TextInput label={props.keyLabel} value={key} onChange={setKey} required placeholder={props.keyPlaceholder} />
        {props.flag ? <Check label="Required" checked={required} onChange={setRequired} /> : <TextInput label={props.valueLabel ?? 'Value'} value={value} onChange={setValue} placeholder={props.valuePlaceholder} />}
      </EditForm>
    </fieldset>
  )
}
