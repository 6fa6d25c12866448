import type { IpProfile } from '../../../../common/api/ip-profile.js';
import { formatCount } from '../../core/format/format.js';
import { Time } from '../../core/ui/Time.js';

/** How often the detector flagged the IP over 30 days, and the days it was active. */
export function RecurrenceSection({ p }: { p: IpProfile }) {
  return (
    <section className="card" aria-labelledby="ip-rec">
      <h2 id="ip-rec">30-day recurrence</h2>
      {p.recurrence ? (
        <p>
          Flagged on <strong>{p.recurrence.days_seen}</strong> of the last 30 days (
          {formatCount(p.recurrence.anomaly_count)} detections, highest score{' '}
          {p.recurrence.max_score.toFixed(3)}), first <Time iso={p.recurrence.first_seen} />, last{' '}
          <Time iso={p.recurrence.last_seen} />.
        </p>
      ) : (
        <p className="muted">Not flagged in the last 30 days (false positives are not counted).</p>
      )}
      <p>
        Active on {p.activeDays.length} of the 30 days before the end of the range
        {p.activeDays.length > 0 ? ':' : '.'}
      </p>
      {p.activeDays.length > 0 ? (
        <ul className="days" aria-label="Active days">
          {p.activeDays.map((d) => (
            <li key={d.day} title={`${formatCount(d.events)} events`}>
              {d.day}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
