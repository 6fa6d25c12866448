import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { OverviewPoint } from '../../../../common/api/overview.js';
import { formatCount, formatTick, formatTime } from '../../core/format/format.js';
import { BarsChart } from '../../core/ui/BarsChart.js';
import { roundTicks } from '../../core/ui/chart-ticks.js';
import { useTime } from '../../core/time/store.js';

/** Events per second (handshakes + requests) stacked, and the client IPs flagged per bucket below. */
export function TrafficChart({
  series,
  bucketSeconds,
}: {
  series: OverviewPoint[];
  bucketSeconds: number;
}) {
  const tz = useTime((s) => s.timezone);
  const span = series.length * bucketSeconds * 1000;
  const data = series.map((p) => ({
    t: p.t,
    handshakes: p.handshakes / bucketSeconds,
    requests: p.requests / bucketSeconds,
    anomalies: p.anomalies,
  }));
  const tick = (t: string) => formatTick(t, tz, span);
  const ticks = roundTicks(data.map((d) => d.t));
  const label = (t: unknown) => formatTime(String(t), tz);
  return (
    <div className="charts">
      <figure aria-label="Events per second over time">
        <figcaption>
          Events per second (bucket{' '}
          {bucketSeconds >= 3600 ? `${bucketSeconds / 3600} h` : `${bucketSeconds / 60} min`})
        </figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <AreaChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
            <XAxis
              dataKey="t"
              tickFormatter={tick}
              ticks={ticks}
              interval={0}
              stroke="var(--muted)"
            />
            <YAxis tickFormatter={(v: number) => formatCount(v)} stroke="var(--muted)" width={56} />
            <Tooltip
              labelFormatter={label}
              formatter={(v) => `${formatCount(Number(v))}/s`}
              contentStyle={{ background: 'var(--panel)', borderColor: 'var(--line)' }}
            />
            <Legend />
            <Area
              type="monotone"
              dataKey="handshakes"
              name="Handshakes/s"
              stackId="1"
              stroke="var(--c1)"
              fill="var(--c1)"
              fillOpacity={0.35}
              isAnimationActive={false}
            />
            <Area
              type="monotone"
              dataKey="requests"
              name="Requests/s"
              stackId="1"
              stroke="var(--c2)"
              fill="var(--c2)"
              fillOpacity={0.35}
              isAnimationActive={false}
            />
          </AreaChart>
        </ResponsiveContainer>
      </figure>
      <div>
        <p className="figcaption">Client IPs flagged by the detector, per bucket</p>
        <BarsChart
          data={data}
          x="t"
          series={[{ key: 'anomalies', name: 'Flagged IPs', color: 'var(--c3)' }]}
          label="Flagged IPs over time"
          height={120}
        />
      </div>
    </div>
  );
}
