// The one bar chart of the UI (activity over time, flagged IPs per bucket, score histograms):
// stacked series over time buckets (ticks on round instants, times in the chosen timezone) or over
// labelled categories, optionally on a log scale so a small tail stays visible.
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatCount, formatTick, formatTime } from '../format/format.js';
import { useTime } from '../time/store.js';
import { roundTicks } from './chart-ticks.js';

export interface BarSeries {
  key: string;
  name: string;
  /** A CSS colour, normally a theme variable (var(--c1)). */
  color: string;
}

/** A vertical line at an x value (a threshold), labelled. */
export interface BarMarker {
  x: string;
  label: string;
  /** Where the label sits; two markers that may share an x take different corners. */
  position?: 'top' | 'insideTopLeft' | 'insideTopRight' | 'insideBottomLeft' | 'insideBottomRight';
  color?: string;
  dashed?: boolean;
  /** Where in the category's band the line stands (a value inside a bin); middle by default. */
  band?: 'start' | 'middle' | 'end';
}

export function BarsChart({
  data,
  x,
  series,
  label,
  height = 180,
  time = true,
  log = false,
  legend = series.length > 1,
  markers = [],
  unit,
}: {
  data: readonly Record<string, unknown>[];
  /** The x field: ISO bucket starts when `time`, else category labels. */
  x: string;
  series: BarSeries[];
  /** The figure's accessible name. */
  label: string;
  height?: number;
  time?: boolean;
  log?: boolean;
  legend?: boolean;
  markers?: BarMarker[];
  /** Appended to values in the tooltip ("/s"). */
  unit?: string;
}) {
  const tz = useTime((s) => s.timezone);
  const xs = data.map((d) => String(d[x]));
  const span = time && xs.length > 1 ? Date.parse(xs[xs.length - 1]!) - Date.parse(xs[0]!) : 0;
  // A log axis cannot show 0: empty buckets are drawn as nothing, not as 1.
  const plotted = log
    ? data.map((d) => {
        const o: Record<string, unknown> = { ...d };
        for (const s of series) if (Number(o[s.key]) <= 0) o[s.key] = null;
        return o;
      })
    : data;
  return (
    <figure aria-label={label} className="bars-chart">
      <ResponsiveContainer width="100%" height={height}>
        <BarChart
          data={plotted as Record<string, unknown>[]}
          margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
          <XAxis
            dataKey={x}
            stroke="var(--muted)"
            {...(time
              ? {
                  ticks: roundTicks(xs),
                  interval: 0,
                  tickFormatter: (t: string) => formatTick(t, tz, span),
                }
              : { interval: 'preserveStartEnd' as const, minTickGap: 8 })}
          />
          <YAxis
            allowDecimals={false}
            stroke="var(--muted)"
            width={56}
            tickFormatter={(v: number) => formatCount(v)}
            {...(log ? { scale: 'log' as const, domain: [0.8, 'auto'] as [number, string] } : {})}
          />
          <Tooltip
            labelFormatter={(t) => (time ? formatTime(String(t), tz) : String(t))}
            formatter={(v) => `${formatCount(Number(v ?? 0))}${unit ?? ''}`}
            contentStyle={{ background: 'var(--panel)', borderColor: 'var(--line)' }}
          />
          {legend ? <Legend /> : null}
          {markers.map((m) => (
            <ReferenceLine
              key={m.label}
              x={m.x}
              position={m.band ?? 'middle'}
              stroke={m.color ?? 'var(--bad)'}
              strokeWidth={m.dashed === false ? 2 : 1}
              {...(m.dashed === false ? {} : { strokeDasharray: '4 3' })}
              label={{ value: m.label, position: m.position ?? 'top', fill: 'var(--fg)' }}
            />
          ))}
          {series.map((s) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.name}
              // Stacking on a log axis draws nothing: a stack starts at 0, which a log axis
              // cannot place (recharts/recharts#462). Log charts draw their series side by side.
              {...(log ? {} : { stackId: 'a' })}
              fill={s.color}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
