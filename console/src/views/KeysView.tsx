import { useState } from 'react'
import type { Call } from '../api.ts'
import { useAction, useLoad } from '../hooks.ts'
import { ErrorText, Field, Panel } from '../widgets.tsx'
import { code, ListTable } from '../table.tsx'

interface ApiKey {
  id: string
  name: string
  value?: string
  enabled: boolean
}
interface Plan {
  id: string
  name: string
  apiStages?: Array<{ apiId: string; stage: string }>
  quota?: { limit: number; period: string }
}

/** API keys and usage plans: create both, associate a key with a plan, and each key's usage per day. */
export function KeysView({ call }: { call: Call }) {
  const keys = useLoad(() => call<{ item?: ApiKey[] }>('GET', '/apikeys', { query: { includeValues: 'true', limit: '500' } }), [])
  const plans = useLoad(() => call<{ item?: Plan[] }>('GET', '/usageplans', { query: { limit: '500' } }), [])
  const [keyName, setKeyName] = useState('')
  const [planName, setPlanName] = useState('')
  const [planStage, setPlanStage] = useState('')
  const [quota, setQuota] = useState('1000')
  const createKey = useAction()
  const createPlan = useAction()
  return (
    <>
      <h1>API keys &amp; usage plans</h1>
      <Panel title="API keys">
        <form className="row" onSubmit={(e) => (e.preventDefault(), void createKey.run(() => call('POST', '/apikeys', { body: { name: keyName, enabled: true } })).then((ok) => ok && keys.reload()))}>
          <Field label="Key name" value={keyName} onChange={setKeyName} required error={createKey.error} />
          <button type="submit">Create API key</button>
        </form>
        <ErrorText error={keys.error} />
        <ListTable
          label="API keys"
          rows={keys.data?.item}
          rowKey={(k) => k.id}
          columns={[
            { header: 'Name', cell: (k) => k.name },
            { header: 'ID', cell: (k) => code(k.id) },
            {
              header: 'Value',
              cell: (k) => (
                <details>
                  <summary>Show</summary>
                  <code data-testid={`key-value-${k.name}`}>{k.value}</code>
                </details>
              ),
            },
            { header: 'Enabled', cell: (k) => String(k.enabled) },
          ]}
        />
      </Panel>
      <Panel title="Usage plans">
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault()
            const [apiId, stage] = planStage.split('/')
            void createPlan
              .run(() => call('POST', '/usageplans', { body: { name: planName, ...(apiId && stage && { apiStages: [{ apiId, stage }] }), ...(quota && { quota: { limit: Number(quota), period: 'DAY' } }) } }))
              .then((ok) => ok && plans.reload())
          }}
        >
          <Field label="Plan name" value={planName} onChange={setPlanName} required error={createPlan.error} />
          <Field label="API stage (apiId/stage)" value={planStage} onChange={setPlanStage} placeholder="abc123/dev" />
          <Field label="Quota per day" value={quota} onChange={setQuota} />
          <button type="submit">Create usage plan</button>
        </form>
        <ErrorText error={plans.error} />
        {(plans.data?.item ?? []).map((p) => (
          <PlanView key={p.id} call={call} plan={p} keys={keys.data?.item ?? []} />
        ))}
      </Panel>
    </>
  )
}

function PlanView({ call, plan, keys }: { call: Call; plan: Plan; keys: ApiKey[] }) {
  const planKeys = useLoad(() => call<{ item?: Array<{ id: string; name: string }> }>('GET', `/usageplans/${plan.id}/keys`), [plan.id])
  const today = new Date().toISOString().slice(0, 10)
  const weekAgo = new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10)
  const usage = useLoad(() => call<{ values?: Record<string, Array<[number, number]>> }>('GET', `/usageplans/${plan.id}/usage`, { query: { startDate: weekAgo, endDate: today } }), [plan.id])
  const [keyId, setKeyId] = useState('')
  const associate = useAction()
  return (
    <article className="plan" aria-label={`Usage plan ${plan.name}`}>
      <h3>
        {plan.name} <code>{plan.id}</code>
      </h3>
      <p>
        Stages: {(plan.apiStages ?? []).map((s) => `${s.apiId}/${s.stage}`).join(', ') || '—'} · Quota: {plan.quota ? `${plan.quota.limit} per ${plan.quota.period}` : 'none'}
      </p>
      <form
        className="row"
        onSubmit={(e) => (e.preventDefault(), void associate.run(() => call('POST', `/usageplans/${plan.id}/keys`, { body: { keyId, keyType: 'API_KEY' } })).then((ok) => ok && planKeys.reload()))}
      >
        <div className="field">
          <label htmlFor={`assoc-${plan.id}`}>Add API key to {plan.name}</label>
          <select id={`assoc-${plan.id}`} value={keyId} onChange={(e) => setKeyId(e.target.value)}>
            <option value="">(choose a key)</option>
            {keys.map((k) => (
              <option key={k.id} value={k.id}>
                {k.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={!keyId}>
          Add key
        </button>
        <button type="button" onClick={usage.reload}>
          Refresh usage
        </button>
      </form>
      <ErrorText error={associate.error ?? planKeys.error ?? usage.error} />
      <ListTable
        label={`Usage of ${plan.name}`}
        rows={planKeys.data?.item}
        rowKey={(k) => k.id}
        columns={[
          { header: 'Key', cell: (k) => k.name },
          { header: `Used per day (${weekAgo} … ${today})`, cell: (k) => <span data-testid={`usage-${k.name}`}>{(usage.data?.values?.[k.id] ?? []).map(([used]) => used).join(' · ') || '0'}</span> },
        ]}
      />
    </article>
  )
}
