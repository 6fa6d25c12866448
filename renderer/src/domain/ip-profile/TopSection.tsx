import type { IpProfile } from '../../../../common/api/ip-profile.js';
import { TopList } from '../../core/ui/TopList.js';

/** Paths, statuses and server names; a pivot searches that value from this IP. */
export function TopSection({ p }: { p: IpProfile }) {
  return (
    <div className="grid-3">
      <TopList
        title="Top paths"
        items={p.paths}
        kind="path"
        also={{ ip: p.ip }}
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
        also={{ ip: p.ip }}
        empty="No server names in the range."
        unit="connections"
      />
    </div>
  );
}
