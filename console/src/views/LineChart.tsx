/**
 * A small SVG line chart of one metric over time, with its maximum as the scale (no chart
 * library); `more` draws further lines of the same metric on that scale (percentiles), named
 * in the caption.
 */
export function LineChart({ title, at, values, more = [] }: { title: string; at: number[]; values: number[]; more?: ReadonlyArray<{ name: string; values: number[] }> }) {
  const width = 320
  const height = 120
  const pad = 24
  const lines = [values, ...more.map((m) => m.values)]
  const max = Math.max(1, ...lines.flat())
  const t0 = at[0] ?? 0
  const span = Math.max(1, (at.at(-1) ?? 0) - t0)
  const x = (t: number) => pad + ((t - t0) / span) * (width - 2 * pad)
  const y = (v: number) => height - pad - (v / max) * (height - 2 * pad)
  return (
    <figure className="chart">
      <figcaption>
        {title}
        {more.map((m, i) => (
          <span key={m.name} className={`legend line-${i + 1}`}>
            {' '}
            {m.name}
          </span>
        ))}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}${more.map((m) => ` / ${m.name}`).join('')}: max ${max}`}>
        <line x1={pad} y1={height - pad} x2={width - pad} y2={height - pad} className="axis" />
        <line x1={pad} y1={pad} x2={pad} y2={height - pad} className="axis" />
        <text x={2} y={pad} className="tick">
          {Number(max.toFixed(1))}
        </text>
        {lines.map((line, i) =>
          line.length === 1 ? (
            <circle key={i} cx={x(at[0]!)} cy={y(line[0]!)} r={3} className={`dot line-${i}`} />
          ) : (
            <polyline key={i} points={line.map((v, j) => `${x(at[j]!).toFixed(1)},${y(v).toFixed(1)}`).join(' ')} className={`line line-${i}`} />
          ),
        )}
      </svg>
    </figure>
  )
}
