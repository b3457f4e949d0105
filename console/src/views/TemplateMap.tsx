import { useState } from 'react'
import { useAction } from '../hooks.ts'
import { pointer, type PatchOperation } from '../patch.ts'
import { EditForm, TextInput } from '../fields.tsx'
import { TemplateEditor } from './TemplateEditor.tsx'

/**
 * A map of mapping templates by content type (request templates, response templates): each
 * edited in the highlighted editor and saved with `replace`, removed with `remove`, a new one
 * added with `add` (`blank`: empty, as the AWS console adds it, unless the resource refuses empty templates). `name` labels each editor
 * ("Response template 200" → "Response template 200 application/json").
 */
export function TemplateMap({ title, name, path, templates, send, blank = '' }: { title: string; name: string; blank?: string; path: string; templates: Record<string, string | null> | undefined; send: (ops: PatchOperation[]) => Promise<unknown> }) {
  const [type, setType] = useState('application/json')
  const add = useAction()
  const remove = useAction()
  return (
    <fieldset className="map" aria-label={title}>
      <legend>{title}</legend>
      {Object.entries(templates ?? {}).map(([contentType, template]) => (
        <div key={contentType}>
          <TemplateEditor label={`${name} ${contentType}`} value={template ?? ''} onSave={(value) => send([{ op: 'replace', path: `${path}${pointer(contentType)}`, value }])} />
          <button type="button" className="danger" aria-label={`Remove ${contentType} from ${title}`} disabled={remove.busy} onClick={() => void remove.run(() => send([{ op: 'remove', path: `${path}${pointer(contentType)}` }]))}>
            Remove template
          </button>
        </div>
      ))}
      <EditForm label={`Add to ${title}`} submit="Add template"
        submitName={`Add to ${title}`} busy={add.busy} error={add.error ?? remove.error} onSubmit={() => void add.run(() => send([{ op: 'add', path: `${path}${pointer(type)}`, value: blank }]))}>
        <TextInput label="Content type" value={type} onChange={setType} required />
      </EditForm>
    </fieldset>
  )
}
