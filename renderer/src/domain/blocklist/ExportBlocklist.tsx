// "Export blocklist": the triage queue's selection or a search's entities as an nginx map, an
// HAProxy ACL, a Cloudflare expression or an AWS WAF rule, each entry expiring after the hours
// chosen (blocklist.file, the renderers `ja4ws blocklist` uses). What the file holds, until when,
// and any JA4 the knowledge base knows as a browser show beside the button.
import { useState } from 'react';
import {
  BLOCKLIST_FILES,
  BlocklistFormat,
  type BlockTarget,
} from '../../../../common/api/blocklist.js';
import type { OperationInput } from '../../../../common/api/contract.js';
import { formatCount } from '../../core/format/format.js';
import { type BlocklistCall, saveBlocklist } from './save.js';
import type { BlockWhat } from './targets.js';

type Source =
  | { kind: 'selection'; targets: (what: BlockWhat) => BlockTarget[] }
  | {
      kind: 'search';
      search: Omit<NonNullable<OperationInput<'blocklist.file'>['search']>, 'block'>;
    };

const WHAT: Record<BlockWhat, string> = {
  ips: 'addresses',
  ja4s: 'JA4s',
  both: 'addresses and JA4s',
};

export function ExportBlocklist({ source, disabled }: { source: Source; disabled?: boolean }) {
  const [format, setFormat] = useState<BlocklistFormat>('nginx');
  const [what, setWhat] = useState<BlockWhat>('ips');
  const [hours, setHours] = useState(24);
  const [status, setStatus] = useState('');
  const [warnings, setWarnings] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setWarnings([]);
    setStatus('Exporting…');
    try {
      const base = { format, ttl_hours: hours };
      let input: BlocklistCall;
      if (source.kind === 'selection') {
        const targets = source.targets(what);
        if (targets.length === 0) {
          setStatus('The selection has no whole JA4 to block.');
          return;
        }
        input = { ...base, targets };
      } else input = { ...base, search: { ...source.search, block: what } };
      const out = await saveBlocklist(input);
      if (!out.saved) {
        setStatus('Export cancelled.');
        return;
      }
      setStatus(
        `Saved ${out.path}: ${formatCount(out.ips)} ${out.ips === 1 ? 'address' : 'addresses'}, ${formatCount(out.ja4s)} ${out.ja4s === 1 ? 'JA4' : 'JA4s'}, expiring ${out.expires}${out.truncated ? ' (the busiest 5,000 of each kind; narrow the search for the rest)' : ''}.`,
      );
      setWarnings(out.warnings);
    } catch (err) {
      setStatus(`Export failed: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <fieldset className="inline export-blocklist">
      <legend>Blocklist</legend>
      <select
        aria-label="Blocklist format"
        value={format}
        onChange={(e) => setFormat(BlocklistFormat.parse(e.target.value))}
      >
        {BlocklistFormat.options.map((f) => (
          <option key={f} value={f}>
            {BLOCKLIST_FILES[f].label}
          </option>
        ))}
      </select>
      <select
        aria-label="What to block"
        value={what}
        onChange={(e) => setWhat(e.target.value as BlockWhat)}
      >
        {(Object.keys(WHAT) as BlockWhat[]).map((w) => (
          <option key={w} value={w}>
            {WHAT[w]}
          </option>
        ))}
      </select>
      <label>
        expires after{' '}
        <input
          type="number"
          min={1}
          max={8760}
          value={hours}
          onChange={(e) =>
            setHours(Math.min(8760, Math.max(1, Math.round(Number(e.target.value) || 1))))
          }
          className="hours"
        />{' '}
        hours
      </label>
      <button type="button" onClick={() => void run()} disabled={busy || disabled}>
        Export blocklist
      </button>
      {status ? (
        <span className="muted" role="status">
          {status}
        </span>
      ) : null}
      {warnings.length > 0 ? (
        <ul className="error" role="alert" aria-label="Blocklist warnings">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}
