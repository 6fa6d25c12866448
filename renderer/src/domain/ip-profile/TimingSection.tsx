import type { IpProfile } from '../../../../common/api/ip-profile.js';
import { formatCount, formatMs } from '../../core/format/format.js';
import { Stat } from '../../core/ui/Stat.js';

/** How regular the IP's requests are: machines are regular, people are not. */
export function TimingSection({ p }: { p: IpProfile }) {
  return (
    <section className="card" aria-labelledby="ip-timing">
      <h2 id="ip-timing">Request timing</h2>
      <div className="stats">
        <Stat label="Requests" value={formatCount(p.timing.requests)} />
        <Stat label="Mean gap between requests" value={formatMs(p.timing.mean_gap_ms)} />
        <Stat
          label="Gap variation (CV)"
          value={p.timing.cv_gap === null ? '—' : p.timing.cv_gap.toFixed(2)}
          hint="Near 0: machine-regular timing; people are irregular (CV around 1 or more)."
        />
        <Stat label="Peak per minute" value={formatCount(p.timing.peak_per_minute)} />
        <Stat label="Median duration" value={formatMs(p.timing.p50_duration_ms)} />
        <Stat label="95th pct duration" value={formatMs(p.timing.p95_duration_ms)} />
      </div>
    </section>
  );
}
