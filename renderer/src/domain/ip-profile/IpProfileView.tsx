// One IP's story in the range: activity, fingerprints, User-Agent vs TLS verdicts, paths, timing,
// recurrence, its raw events and every detection of it. Each section is a file of its own.
import { useMemo } from 'react';
import type { IpProfile } from '../../../../common/api/ip-profile.js';
import { isIpText } from '../../../../common/api/ip-address.js';
import { formatCount } from '../../core/format/format.js';
import { useApiQuery } from '../../core/query/useApiQuery.js';
import { useRouter } from '../../core/router/store.js';
import { useTimeWindow } from '../../core/time/store.js';
import { BarsChart } from '../../core/ui/BarsChart.js';
import { EntityPicker } from '../../core/ui/EntityPicker.js';
import { Empty, QueryState } from '../../core/ui/States.js';
import { Stat } from '../../core/ui/Stat.js';
import { Time } from '../../core/ui/Time.js';
import { DownloadPcap } from '../pcap/index.js';
import { AnomalyHistorySection } from './AnomalyHistorySection.js';
import { FingerprintsSection } from './FingerprintsSection.js';
import { RawEventsSection } from '../search/RawEventsSection.js';
import { RecurrenceSection } from './RecurrenceSection.js';
import { TimingSection } from './TimingSection.js';
import { TopSection } from './TopSection.js';
import { UaConsistencySection } from './UaConsistencySection.js';

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
  const window = useTimeWindow();
  const filter = useMemo(() => ({ ip: p.ip }), [p.ip]);
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
        <section className="card" aria-label="Activity over time">
          <p className="figcaption">Activity</p>
          <BarsChart
            data={p.timeline}
            x="t"
            series={[
              { key: 'handshakes', name: 'Handshakes', color: 'var(--c1)' },
              { key: 'requests', name: 'Requests', color: 'var(--c2)' },
            ]}
            label="Handshakes and requests per bucket"
          />
        </section>
      ) : null}
      <FingerprintsSection p={p} />
      <UaConsistencySection p={p} />
      <TopSection p={p} />
      {!quiet ? <RawEventsSection filter={filter} window={window} /> : null}
      <TimingSection p={p} />
      <RecurrenceSection p={p} />
      <AnomalyHistorySection p={p} onChanged={onChanged} />
    </>
  );
}
