import { useState } from 'react'
import { useAction } from '../hooks.ts'
import { ErrorText } from '../widgets.tsx'

/** A mapping template (VTL) with its own Save; the AWS error of the save sits under it. */
export function TemplateEditor({ label, value, onSave }: { label: string; value: string; onSave: (value: string) => Promise<unknown> }) {
  const [text, setText] = useState(value)
  const action = useAction()
  const id = `t-${label.replace(/\W+/g, '-')}`
  return (
    <div className="field template">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} className="code" spellCheck={false} rows={Math.min(16, Math.max(4, text.split('\n').length + 1))} value={text} onChange={(e) => setText(e.target.value)} />
      <button type="button" disabled={action.busy || text === value} onClick={() => void action.run(() => onSave(text))}>
        Save {label}
      </button>
      <ErrorText error={action.error} />
    </div>
  )
}
