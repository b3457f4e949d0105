/** A small SVG line chart of one metric over time, with its maximum as the scale (no chart library). */
export function LineChart({ title, at, values }: { title: string; at: number[]; values: number[] }) {
  const width = 320
  const height = 120
  const pad = 24
  const max = Math.max(1, ...values)
  const t0 = at[0] ?? 0
  const span = Math.max(1, (at.at(-1) ?? 0) - t0)
  const x = (t: number) => pad + ((t - t0) / span) * (width - 2 * pad)
  const y = (v: number) => height - pad - (v / max) * (height - 2 * pad)
  const points = values.map((v, i) => `${x(at[i]!).toFixed(1)},${y(v).toFixed(1)}`).join(' ')
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}: max ${max}`}>
        <line x1={pad} y1={height - pad} x2={width - pad} y2={height - pad} className="axis" />
        <line x1={pad} y1={pad} x2={pad} y2={height - pad} className="axis" />
        <text x={2} y={pad} className="tick">
          {Number(max.toFixed(1))}
        </text>
        {values.length === 1 ? <circle cx={x(at[0]!)} cy={y(values[0]!)} r={3} className="dot" /> : <polyline points={points} className="line" />}
      </svg>
    </figure>
  )
}
