// A tiny line of recent values (an entity's score per run), drawn as one SVG path: no chart
// library for a 60-pixel figure repeated in every row.
export function Sparkline({
  values,
  threshold,
  label,
  width = 64,
  height = 18,
}: {
  values: number[];
  /** Drawn as a dashed line when inside the values' range. */
  threshold?: number;
  label: string;
  width?: number;
  height?: number;
}) {
  if (values.length === 0) return null;
  const lo = Math.min(...values, threshold ?? Infinity);
  const hi = Math.max(...values, threshold ?? -Infinity);
  const span = hi - lo || 1;
  const x = (i: number) =>
    values.length === 1 ? width / 2 : (i / (values.length - 1)) * (width - 2) + 1;
  const y = (v: number) => height - 1 - ((v - lo) / span) * (height - 2);
  const d = values
    .map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`)
    .join('');
  return (
    <svg className="sparkline" width={width} height={height} role="img" aria-label={label}>
      {threshold !== undefined ? (
        <line
          x1={0}
          x2={width}
          y1={y(threshold)}
          y2={y(threshold)}
          className="sparkline-threshold"
        />
      ) : null}
      <path d={d} fill="none" />
      <circle cx={x(values.length - 1)} cy={y(values[values.length - 1]!)} r={2} />
    </svg>
  );
}
