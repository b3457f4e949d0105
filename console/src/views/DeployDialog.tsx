import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { Call } from '../api.ts'
import { useAction, useLoad } from '../hooks.ts'
import { ErrorText, Field } from '../widgets.tsx'

/** Deploy API: to an existing stage or a new one, with a description; a modal <dialog> (Escape closes it). */
export function DeployDialog({ call, apiId, onClose }: { call: Call; apiId: string; onClose: () => void }) {
  const stages = useLoad(() => call<{ item?: Array<{ stageName: string }> }>('GET', `/restapis/${apiId}/stages`), [apiId])
  const [stage, setStage] = useState('')
  const [newStage, setNewStage] = useState('')
  const [description, setDescription] = useState('')
  const [done, setDone] = useState<string>()
  const action = useAction()
  const dialog = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    dialog.current?.showModal()
  }, [])
  const stageName = stage === '' ? newStage : stage
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    await action.run(async () => {
      const deployment = await call<{ id: string }>('POST', `/restapis/${apiId}/deployments`, { body: { stageName, description } })
      setDone(`Deployed ${deployment.id} to ${stageName}.`)
    })
  }
  return (
    <dialog ref={dialog} onClose={onClose} aria-labelledby="deploy-title">
      <form onSubmit={submit}>
        <h2 id="deploy-title">Deploy API</h2>
        <div className="field">
          <label htmlFor="deploy-stage">Stage</label>
          <select id="deploy-stage" value={stage} onChange={(e) => setStage(e.target.value)}>
            <option value="">[New stage]</option>
            {(stages.data?.item ?? []).map((s) => (
              <option key={s.stageName} value={s.stageName}>
                {s.stageName}
              </option>
            ))}
          </select>
        </div>
        {stage === '' && <Field label="New stage name" value={newStage} onChange={setNewStage} required />}
        <Field label="Deployment description" value={description} onChange={setDescription} />
        <ErrorText error={action.error ?? stages.error} />
        {action.busy && <p role="status">Deploying…</p>}
        {done && <p role="status">{done}</p>}
        <div className="row">
          <button type="submit" disabled={action.busy}>
            Deploy
          </button>
          <button type="button" onClick={() => dialog.current?.close()}>
            Close
          </button>
        </div>
      </form>
    </dialog>
  )
}
