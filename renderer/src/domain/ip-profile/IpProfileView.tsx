import { useMemo, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { IpProfile } from '../../../../common/api/ip-profile.js';
import { isIpText } from '../../../../common/api/ip-address.js';
import { formatCount, formatMs, formatTick, formatTime } from '../../core/format/format.js';
import { api } from '../../core/api/client.js';
import { useApiQuery } from '../../core/query/useApiQuery.js';
import { keyOf } from '../anomalies/key.js';
import { useRouter } from '../../core/router/store.js';
import { useTime, useTimeWindow } from '../../core/time/store.js';
import { Pivot } from '../../core/ui/Pivot.js';
import { EntityPicker } from '../../core/ui/EntityPicker.js';
import { Empty, QueryState } from '../../core/ui/States.js';
import { Stat } from '../../core/ui/Stat.js';
import { Time } from '../../core/ui/Time.js';
import { TopList } from '../../core/ui/TopList.js';
import { tickInterval } from '../../core/ui/chart-ticks.js';
import { DownloadPcap } from '../pcap/index.js';

export function IpProfileView() {
  const ip = useRouter((s) => s.route.params.ip) ?? '';
  const window = useTimeWindow();
  const valid = isIpText(ip);
  const input = useMemo(() => ({ ip, window }), [ip, window]);
  const q = useApiQuery('ip.profile', input, valid);
  return (
    <section aria-labelledby="ip-title" className="view">
      <h1 id="ip-title">IP profile{ip ? <span className="mono"> {ip}</span> : null}</h1>
      {valid ? <DownloadPcap selection={{ ip, window }} /> : null}
      <EntityPicker
        label="IP address"
        placeholder="203.0.113.7 or 2001:db8::1"
        initial={ip}
        check={(v) =>
          isIpText(v) ? '' : 'Enter one IPv4 or IPv6 address (for a CIDR block, use Search).'
        }
        go={(v) => useRouter.getState().navigate('ip', { ip: v })}
      />
      {!ip ? (
        <Empty>
          <p>Choose an IP: type it above, or follow an IP link from any view.</p>
        </Empty>
      ) : !valid ? null : (
        <QueryState q={q} what="the IP profile">
          {(p) => <Profile p={p} onChanged={q.reload} />}
        </QueryState>
      )}
    </section>
  );
}

function Profile({ p, onChanged }: { p: IpProfile; onChanged: () => void }) {
  const tz = useTime((s) => s.timezone);
  const [feedback, setFeedback] = useState('');
  const verdict = async (
    a: IpProfile['anomalies'][number],
    state: 'true_positive' | 'false_positive',
  ) => {
    try {
      await api().call('anomalies.setState', {
        keys: [
          keyOf({ src_ip: p.ip, ja4: a.ja4, detected_at: a.detected_at, model_id: a.model_id }),
        ],
        state,
      });
      setFeedback(
        `Recorded: ${state === 'true_positive' ? 'true positive' : 'false positive (suppressed in later runs)'}.`,
      );
      onChanged();
    } catch (err) {
      setFeedback(`Could not record the verdict: ${(err as Error).message}`);
    }
  };
  const span = p.timeline.length * p.bucketSeconds * 1000;
  const quiet = p.totals.handshakes + p.totals.requests === 0;
  return (
    <>
      {quiet ? (
        <Empty>
          <p>
            <span className="mono">{p.ip}</span> sent nothing in this time range. Widen the range;
            its anomaly history (if any) is below.
          </p>
        </Empty>
      ) : null}
      <div className="stats" data-testid="ip-profile-stats">
        <Stat label="Handshakes" value={formatCount(p.totals.handshakes)} />
        <Stat label="Requests" value={formatCount(p.totals.requests)} />
        <Stat label="First seen (range)" value={<Time iso={p.totals.first_seen} />} />
        <Stat label="Last seen (range)" value={<Time iso={p.totals.last_seen} />} />
        <Stat label="Fingerprints" value={formatCount(p.fingerprints.length)} />
        <Stat label="Detections (all time)" value={formatCount(p.anomaly_total)} />
      </div>
      {!quiet ? (
        <figure className="card" aria-label="Activity over time">
          <figcaption>Activity</figcaption>
          <ResponsiveContainer width="100%" height={180}>
            <BarChart data={p.timeline}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
              <XAxis
                dataKey="t"
                tickFormatter={(t: string) => formatTick(t, tz, span)}
                interval={tickInterval(p.timeline.length)}
                stroke="var(--muted)"
              />
              <YAxis allowDecimals={false} stroke="var(--muted)" width={48} />
              <Tooltip
                labelFormatter={(t) => formatTime(String(t), tz)}
                contentStyle={{ background: 'var(--panel)', borderColor: 'var(--line)' }}
              />
              <Legend />
              <Bar
                dataKey="handshakes"
                name="Handshakes"
                stackId="a"
                fill="var(--c1)"
                isAnimationActive={false}
              />
              <Bar
                dataKey="requests"
                name="Requests"
                stackId="a"
                fill="var(--c2)"
                isAnimationActive={false}
              />
            </BarChart>
          </ResponsiveContainer>
        </figure>
      ) : null}
      <section className="card" aria-labelledby="ip-fps">
        <h2 id="ip-fps">Fingerprints used</h2>
        {p.fingerprints.length === 0 ? (
          <p className="muted">No TLS handshakes from this IP in the range.</p>
        ) : (
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">JA4</th>
                <th scope="col">Known as</th>
                <th scope="col" className="num">
                  Connections
                </th>
                <th scope="col">First seen</th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {p.fingerprints.map((f) => (
                <tr key={f.ja4}>
                  <td>
                    <Pivot kind="ja4" value={f.ja4} />
                  </td>
                  <td>{f.application || <span className="muted">unknown</span>}</td>
                  <td className="num">{formatCount(f.count)}</td>
                  <td>
                    <Time iso={f.first_seen} />
                  </td>
                  <td>
                    <Time iso={f.last_seen} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card" aria-labelledby="ip-ua">
        <h2 id="ip-ua">User-Agents vs fingerprints</h2>
        {p.consistency.length === 0 ? (
          <p className="muted">
            No correlated HTTP requests from this IP in the range, so there is no User-Agent to
            compare.
          </p>
        ) : (
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">Verdict</th>
                <th scope="col">User-Agent claims</th>
                <th scope="col">User-Agent</th>
                <th scope="col">JA4</th>
                <th scope="col">JA4 known as</th>
                <th scope="col" className="num">
                  Requests
                </th>
              </tr>
            </thead>
            <tbody>
              {p.consistency.map((c) => (
                <tr
                  key={`${c.ja4}|${c.user_agent}`}
                  className={c.verdict === 'mismatch' ? 'flag' : undefined}
                >
                  <td>
                    <span className={`verdict ${c.verdict}`}>
                      {c.verdict === 'mismatch'
                        ? 'Mismatch'
                        : c.verdict === 'consistent'
                          ? 'Consistent'
                          : 'Unknown'}
                    </span>
                  </td>
                  <td>{c.ua_family}</td>
                  <td className="wrap">
                    <Pivot kind="ua" value={c.user_agent} />
                  </td>
                  <td>
                    <Pivot kind="ja4" value={c.ja4} />
                  </td>
                  <td>{c.ja4_application || <span className="muted">unknown</span>}</td>
                  <td className="num">{formatCount(c.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <div className="grid-3">
        <TopList
          title="Top paths"
          items={p.paths}
          kind="path"
          empty="No requests in the range."
          unit="requests"
        />
        <TopList
          title="Statuses"
          items={p.statuses}
          empty="No requests in the range."
          unit="requests"
        />
        <TopList
          title="Server names (SNI)"
          items={p.snis}
          kind="sni"
          empty="No server names in the range."
          unit="connections"
        />
      </div>
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
          <p className="muted">
            Not flagged in the last 30 days (false positives are not counted).
          </p>
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
      <section className="card" aria-labelledby="ip-anom">
        <h2 id="ip-anom">Anomaly history</h2>
        {feedback ? <p role="status">{feedback}</p> : null}
        {p.anomalies.length === 0 ? (
          <p className="muted">The detector never flagged this IP.</p>
        ) : (
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">Detected</th>
                <th scope="col">Entity</th>
                <th scope="col" className="num">
                  Score
                </th>
                <th scope="col">Why</th>
                <th scope="col">State</th>
                <th scope="col">Verdict</th>
              </tr>
            </thead>
            <tbody>
              {p.anomalies.map((a) => (
                <tr key={`${a.detected_at}|${a.entity_type}|${a.ja4}|${a.model_id}`}>
                  <td>
                    <Time iso={a.detected_at} />
                  </td>
                  <td>{a.entity_type === 'ip_ja4' ? <Pivot kind="ja4" value={a.ja4} /> : 'IP'}</td>
                  <td className="num">
                    {a.score.toFixed(3)} <span className="muted">/ {a.threshold.toFixed(3)}</span>
                  </td>
                  <td className="wrap">{a.reasons.join('; ')}</td>
                  <td>{a.state.replace('_', ' ')}</td>
                  <td>
                    <button
                      type="button"
                      onClick={() => void verdict(a, 'true_positive')}
                      aria-label={`True positive: ${a.entity_type} anomaly of ${a.detected_at}`}
                    >
                      True positive
                    </button>{' '}
                    <button
                      type="button"
                      onClick={() => void verdict(a, 'false_positive')}
                      aria-label={`False positive: ${a.entity_type} anomaly of ${a.detected_at}`}
                    >
                      False positive
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
