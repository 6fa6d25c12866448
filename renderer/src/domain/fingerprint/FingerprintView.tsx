import { useMemo } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  type FingerprintProfile,
  type Ja4Knowledge,
  JA4_PATTERN,
} from '../../../../common/api/fingerprint-profile.js';
import { formatCount, formatPercent, formatTime } from '../../core/format/format.js';
import { useApiQuery } from '../../core/query/useApiQuery.js';
import { useRouter } from '../../core/router/store.js';
import { useTime, useTimeWindow } from '../../core/time/store.js';
import { RawEventsSection } from '../search/RawEventsSection.js';
import { Pivot } from '../../core/ui/Pivot.js';
import { EntityPicker } from '../../core/ui/EntityPicker.js';
import { Empty, QueryState } from '../../core/ui/States.js';
import { Stat } from '../../core/ui/Stat.js';
import { Time } from '../../core/ui/Time.js';
import { TopList } from '../../core/ui/TopList.js';
import { roundTicks } from '../../core/ui/chart-ticks.js';
import { ScrollBox } from '../../core/ui/ScrollBox.js';
import { decodeJa4, decodeJa4Raw } from './decode.js';
import { DownloadPcap } from '../pcap/index.js';

export function FingerprintView() {
  const ja4 = useRouter((s) => s.route.params.ja4) ?? '';
  const window = useTimeWindow();
  const valid = JA4_PATTERN.test(ja4);
  const input = useMemo(() => ({ ja4, window }), [ja4, window]);
  const q = useApiQuery('fingerprint.profile', input, valid);
  return (
    <section aria-labelledby="fp-title" className="view">
      <h1 id="fp-title">Fingerprint{ja4 ? <span className="mono"> {ja4}</span> : null}</h1>
      {valid ? <DownloadPcap selection={{ ja4, window }} /> : null}
      <EntityPicker
        label="JA4"
        placeholder="t13d1516h2_8daaf6152771_e5627efa2ab1"
        initial={ja4}
        check={(v) => (JA4_PATTERN.test(v) ? '' : 'Enter a whole JA4 (for wildcards, use Search).')}
        go={(v) => useRouter.getState().navigate('fingerprint', { ja4: v })}
      />
      {!ja4 ? (
        <Empty>
          <p>Choose a JA4: type it above, or follow a JA4 link from any view.</p>
        </Empty>
      ) : !valid ? null : (
        <QueryState q={q} what="the fingerprint profile">
          {(f) => <Profile f={f} />}
        </QueryState>
      )}
    </section>
  );
}

function Decoded({ ja4, raw, knowledge }: { ja4: string; raw: string; knowledge: Ja4Knowledge }) {
  const d = decodeJa4(ja4);
  const lists = raw ? decodeJa4Raw(raw) : null;
  if (!d) return null;
  return (
    <section className="card" aria-labelledby="fp-decoded">
      <h2 id="fp-decoded">What this JA4 says</h2>
      <dl className="facts">
        <dt>Known as</dt>
        <dd>
          {knowledge.confidence === 'none' ? (
            <span className="muted">unknown</span>
          ) : (
            <>
              {knowledge.label} <span className="muted">({confidenceText(knowledge)})</span>
            </>
          )}
        </dd>
        <dt>Protocol</dt>
        <dd>{d.protocol}</dd>
        <dt>Highest TLS version offered</dt>
        <dd>{d.version}</dd>
        <dt>SNI</dt>
        <dd>{d.sni}</dd>
        <dt>Cipher suites</dt>
        <dd>
          {d.ciphers} (GREASE excluded), hashed to <span className="mono">{d.cipherHash}</span>
        </dd>
        <dt>Extensions</dt>
        <dd>
          {d.extensions} (GREASE excluded), hashed with the signature algorithms to{' '}
          <span className="mono">{d.extensionHash}</span>
        </dd>
        <dt>ALPN</dt>
        <dd>{d.alpn}</dd>
      </dl>
      {lists ? (
        <details>
          <summary>Raw lists (ja4_r)</summary>
          <h3>Cipher suites</h3>
          <ul className="hexlist">
            {lists.ciphers.map((c) => (
              <li key={c.hex}>
                <span className="mono">{c.hex}</span> {c.name}
              </li>
            ))}
          </ul>
          <h3>Extensions</h3>
          <ul className="hexlist">
            {lists.extensions.map((c) => (
              <li key={c.hex}>
                <span className="mono">{c.hex}</span> {c.name}
              </li>
            ))}
          </ul>
          <h3>Signature algorithms</h3>
          <p className="mono wrap">{lists.signatureAlgorithms.join(', ') || 'none'}</p>
        </details>
      ) : (
        <p className="muted">
          No raw form stored for this JA4, so the cipher and extension lists are not known.
        </p>
      )}
    </section>
  );
}

/** How sure the label is, in the words the analyst reads. */
export function confidenceText(k: Ja4Knowledge): string {
  if (k.confidence === 'exact')
    return k.entries.some((e) => /ja4-workstation capture/.test(e.source))
      ? 'exact match, observed here'
      : 'exact match, published mapping';
  if (k.confidence === 'family') return `same family as ${k.label}, inferred`;
  return 'not in the knowledge base';
}

function Knowledge({ k }: { k: Ja4Knowledge }) {
  return (
    <section className="card" aria-labelledby="fp-known">
      <h2 id="fp-known">Known as</h2>
      {k.confidence === 'none' ? (
        <p className="muted">
          Not in the known-fingerprint list, and no known client sends its cipher list. Look at the
          User-Agents and family below.
        </p>
      ) : (
        <>
          <p>
            <strong>{k.label}</strong>{' '}
            <span className={`tag confidence-${k.confidence}`}>{confidenceText(k)}</span>
          </p>
          <p className="muted">{k.basis}</p>
          <table className="table compact" aria-label="Knowledge base entries">
            <thead>
              <tr>
                <th>Entry</th>
                <th>Family</th>
                <th>Source</th>
                <th>Observed</th>
                <th>How</th>
                <th>Licence</th>
              </tr>
            </thead>
            <tbody>
              {k.entries.map((e, i) => (
                <tr key={i}>
                  <td>
                    {e.application || e.library || e.device || e.os || 'unnamed'}
                    {e.notes ? <span className="muted"> — {e.notes}</span> : null}
                  </td>
                  <td>{e.family || '—'}</td>
                  <td>{e.source}</td>
                  <td>{e.observed || '—'}</td>
                  <td>{e.method || '—'}</td>
                  <td>{e.licence}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function Profile({ f }: { f: FingerprintProfile }) {
  const tz = useTime((s) => s.timezone);
  const window = useTimeWindow();
  const filter = useMemo(() => ({ ja4: f.ja4 }), [f.ja4]);
  return (
    <>
      <Decoded ja4={f.ja4} raw={f.ja4_r} knowledge={f.knowledge} />
      <Knowledge k={f.knowledge} />
      <div className="stats">
        <Stat label="Handshakes (range)" value={formatCount(f.totals.handshakes)} />
        <Stat label="Requests (range)" value={formatCount(f.totals.requests)} />
        <Stat label="Client IPs (range)" value={formatCount(f.totals.ips)} />
        <Stat label="First seen" value={<Time iso={f.totals.first_seen} />} />
        <Stat label="Last seen" value={<Time iso={f.totals.last_seen} />} />
        <Stat
          label="Rank by events"
          value={f.ranks.by_events === null ? '—' : `${f.ranks.by_events} of ${f.ranks.of}`}
        />
        <Stat
          label="Rank by client IPs"
          value={f.ranks.by_ips === null ? '—' : `${f.ranks.by_ips} of ${f.ranks.of}`}
        />
      </div>
      {f.totals.handshakes + f.totals.requests === 0 ? (
        <Empty>
          <p>
            This JA4 was not seen in the time range. Widen the range (first and last seen above
            cover all stored data).
          </p>
        </Empty>
      ) : null}
      <div className="grid-2">
        <TopList
          title="Client IPs"
          items={f.ips}
          kind="ip"
          empty="No handshakes in the range."
          unit="connections"
        />
        <TopList
          title="User-Agents"
          items={f.userAgents}
          kind="ua"
          empty="No correlated requests in the range."
          unit="requests"
        />
        <TopList
          title="Server names (SNI)"
          items={f.snis}
          kind="sni"
          empty="No server names in the range."
          unit="connections"
        />
        <TopList
          title="JA3 seen with it"
          items={f.ja3}
          kind="ja3"
          empty="No JA3 in the range."
          unit="connections"
        />
        <TopList
          title="Related JA4S (server answers)"
          items={f.ja4s}
          empty="No server hellos captured."
          unit="connections"
        />
        <TopList
          title="Related JA4X (certificates)"
          items={f.ja4x}
          empty="No certificates captured (TLS 1.3 encrypts them)."
          unit="connections"
        />
      </div>
      <section className="card" aria-labelledby="fp-hourly">
        <h2 id="fp-hourly">Per-hour signals</h2>
        {f.hourly.length === 0 ? (
          <p className="muted">No activity in the range.</p>
        ) : (
          <>
            <ResponsiveContainer width="100%" height={200}>
              <LineChart
                data={f.hourly.map((h) => ({
                  ...h,
                  browser: h.browser_share === null ? null : h.browser_share * 100,
                }))}
              >
                <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
                <XAxis
                  dataKey="hour"
                  tickFormatter={(t: string) => formatTime(t, tz).slice(5, 13)}
                  ticks={roundTicks(f.hourly.map((h) => h.hour))}
                  interval={0}
                  stroke="var(--muted)"
                />
                <YAxis yAxisId="n" stroke="var(--muted)" width={48} />
                <YAxis
                  yAxisId="p"
                  orientation="right"
                  domain={[0, 100]}
                  unit="%"
                  stroke="var(--muted)"
                  width={48}
                />
                <Tooltip
                  labelFormatter={(t) => formatTime(String(t), tz)}
                  contentStyle={{ background: 'var(--panel)', borderColor: 'var(--line)' }}
                />
                <Legend />
                <Line
                  yAxisId="n"
                  dataKey="ips"
                  name="Client IPs"
                  stroke="var(--c1)"
                  dot={false}
                  isAnimationActive={false}
                />
                <Line
                  yAxisId="n"
                  dataKey="user_agents"
                  name="User-Agents"
                  stroke="var(--c2)"
                  dot={false}
                  isAnimationActive={false}
                />
                <Line
                  yAxisId="n"
                  dataKey="paths"
                  name="Paths"
                  stroke="var(--c4)"
                  dot={false}
                  isAnimationActive={false}
                />
                <Line
                  yAxisId="p"
                  dataKey="browser"
                  name="Browser share %"
                  stroke="var(--c3)"
                  dot={false}
                  isAnimationActive={false}
                  connectNulls
                />
              </LineChart>
            </ResponsiveContainer>
            <ScrollBox label="Per-hour signals">
              <table className="grid" aria-label="Per-hour signals">
                <thead>
                  <tr>
                    <th scope="col">Hour</th>
                    <th scope="col" className="num">
                      Handshakes
                    </th>
                    <th scope="col" className="num">
                      Requests
                    </th>
                    <th scope="col" className="num">
                      Browser share
                    </th>
                    <th scope="col" className="num">
                      User-Agents
                    </th>
                    <th scope="col" className="num">
                      Paths
                    </th>
                    <th scope="col" className="num">
                      Client IPs
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {f.hourly
                    .slice(-48)
                    .reverse()
                    .map((h) => (
                      <tr key={h.hour}>
                        <td>
                          <Time iso={h.hour} />
                        </td>
                        <td className="num">{formatCount(h.handshakes)}</td>
                        <td className="num">{formatCount(h.requests)}</td>
                        <td className="num">{formatPercent(h.browser_share)}</td>
                        <td className="num">{formatCount(h.user_agents)}</td>
                        <td className="num">{formatCount(h.paths)}</td>
                        <td className="num">{formatCount(h.ips)}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </ScrollBox>
          </>
        )}
      </section>
      <section className="card" aria-labelledby="fp-family">
        <h2 id="fp-family">Family: same cipher hash ({f.ja4.split('_')[1]})</h2>
        {f.family.length === 0 ? (
          <p className="muted">No other JA4 with this cipher hash in the range.</p>
        ) : (
          <TopList title="JA4s sharing the cipher suites" items={f.family} kind="ja4" empty="" />
        )}
        <p className="muted">
          Same cipher suites, different extensions: often one client library in different versions
          or configurations.{' '}
          <Pivot kind="ja4" value={`*_${f.ja4.split('_')[1]}_*`} label="Search the whole family" />
        </p>
      </section>
      <RawEventsSection filter={filter} window={window} title="Raw events with this JA4" />
    </>
  );
}
