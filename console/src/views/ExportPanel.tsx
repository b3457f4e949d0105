import { useState } from 'react'
import type { Call } from '../api.ts'
import { useAction, useLoad } from '../hooks.ts'
import { ErrorText, Panel, download } from '../widgets.tsx'

/** GetExport of a stage: OpenAPI 3 or Swagger 2, JSON or YAML, with or without the x-amazon-apigateway extensions. */
export function ExportPanel({ call, apiId }: { call: Call; apiId: string }) {
  const stages = useLoad(() => call<{ item?: Array<{ stageName: string }> }>('GET', `/restapis/${apiId}/stages`), [apiId])
  const [stage, setStage] = useState('')
  const [type, setType] = useState('oas30')
  const [format, setFormat] = useState('application/yaml')
  const [extensions, setExtensions] = useState('apigateway')
  const action = useAction()
  const chosen = stage || stages.data?.item?.[0]?.stageName || ''
  const run = () =>
    action.run(async () => {
      const text = await call<string>('GET', `/restapis/${apiId}/stages/${chosen}/exports/${type}`, { query: { extensions: extensions || undefined }, headers: { accept: format }, text: true })
      download(`${apiId}-${chosen}-${type}.${format.endsWith('yaml') ? 'yaml' : 'json'}`, text, format)
    })
  return (
    <Panel title="Export">
      <div className="row">
        <div className="field">
          <label htmlFor="export-stage">Stage</label>
          <select id="export-stage" value={chosen} onChange={(e) => setStage(e.target.value)}>
            {(stages.data?.item ?? []).map((s) => (
              <option key={s.stageName}>{s.stageName}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="export-type">Specification</label>
          <select id="export-type" value={type} onChange={(e) => setType(e.target.value)}>
            <option value="oas30">OpenAPI 3</option>
            <option value="swagger">Swagger 2</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="export-format">Format</label>
          <select id="export-format" value={format} onChange={(e) => setFormat(e.target.value)}>
            <option value="application/yaml">YAML</option>
            <option value="application/json">JSON</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="export-ext">Extensions</label>
          <select id="export-ext" value={extensions} onChange={(e) => setExtensions(e.target.value)}>
            <option value="apigateway">API Gateway</option>
            <option value="postman">Postman</option>
            <option value="">None</option>
          </select>
        </div>
        <button type="button" disabled={!chosen || action.busy} onClick={() => void run()}>
          Export
        </button>
      </div>
      {stages.data && !chosen && <p>Deploy the API to a stage first: exports are of a stage.</p>}
      <ErrorText error={action.error ?? stages.error} />
    </Panel>
  )
}
