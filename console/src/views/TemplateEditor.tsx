import { useId, useState } from 'react'
import { useAction } from '../hooks.ts'
import { tokenize } from '../highlight.ts'
import { ErrorText } from '../widgets.tsx'

/**
 * A mapping template (VTL) or JSON document with its own Save; the AWS error of the save sits
 * under it. The colours are a <pre> of tokens (highlight.ts) drawn under a textarea whose own
 * text is transparent: the textarea stays the real, accessible control (typing, selection,
 * undo, screen readers), and both share one grid cell, so the text's height sizes both.
 */
export function TemplateEditor({ label, value, onSave }: { label: string; value: string; onSave: (value: string) => Promise<unknown> }) {
  const [text, setText] = useState(value)
  const action = useAction()
  const id = useId()
  return (
    <div className="field template">
      <label htmlFor={id}>{label}</label>
      <CodeArea id={id} text={text} onChange={setText} />
      <button type="button" disabled={action.busy || text === value} onClick={() => void action.run(() => onSave(text))}>
        Save {label}
      </button>
      <ErrorText error={action.error} />
    </div>
  )
}

/** The textarea over its coloured copy (no Save: forms that create something use it as a field). */
export function CodeArea({ id, text, onChange }: { id: string; text: string; onChange: (text: string) => void }) {
  return (
    <div className="editor">
      <Highlighted text={text} />
      <textarea id={id} className="code" spellCheck={false} value={text} onChange={(e) => onChange(e.target.value)} />
    </div>
  )
}

/** The coloured copy of the text; a final newline keeps an empty last line as tall as the textarea's. */
export function Highlighted({ text }: { text: string }) {
  return (
    <pre className="code hl" aria-hidden="true">
      {tokenize(text).map((t, i) => (t.kind === 'text' ? t.text : <span key={i} className={`tk-${t.kind}`}>{t.text}</span>))}
      {'\n'}
    </pre>
  )
}
