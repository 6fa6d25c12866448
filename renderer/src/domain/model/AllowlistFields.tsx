// IPs, CIDR blocks and JA4s the detector never flags, one per line.
import type { AllowKind } from './tuning-draft.js';

const NAMES: Record<AllowKind, string> = { ips: 'IPs', cidrs: 'CIDR blocks', ja4s: 'JA4s' };

export function AllowlistFields({
  lists,
  onChange,
}: {
  lists: Record<AllowKind, string>;
  onChange: (lists: Record<AllowKind, string>) => void;
}) {
  return (
    <div className="tuning-grid">
      {(Object.keys(NAMES) as AllowKind[]).map((k) => (
        <label key={k}>
          Allowlist: {NAMES[k]} (one per line; never flagged)
          <textarea
            rows={3}
            value={lists[k]}
            onChange={(e) => onChange({ ...lists, [k]: e.target.value })}
            spellCheck={false}
            className="mono"
          />
        </label>
      ))}
    </div>
  );
}
