import { type FormEvent, useState } from 'react';
import { tzLabel } from '../core/format/format.js';
import { presets, type PresetKey } from '../core/time/ranges.js';
import { setRange, timezones, useRangeSpec, useTime } from '../core/time/store.js';

const toInput = (iso: string) => iso.slice(0, 16);

/** The shared time range (URL) and the timezone setting. Absolute ranges are typed in UTC. */
export function TimeRangePicker() {
  const spec = useRangeSpec();
  const { timezone, setTimezone, refresh } = useTime();
  const [custom, setCustom] = useState(spec.kind === 'absolute');
  const [from, setFrom] = useState(spec.kind === 'absolute' ? toInput(spec.from) : '');
  const [to, setTo] = useState(spec.kind === 'absolute' ? toInput(spec.to) : '');
  const [error, setError] = useState('');

  const choose = (v: string) => {
    if (v === 'custom') {
      setCustom(true);
      return;
    }
    setCustom(false);
    setRange({ kind: 'preset', key: v as PresetKey });
  };
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const f = Date.parse(`${from}:00Z`);
    const t = Date.parse(`${to}:00Z`);
    if (Number.isNaN(f) || Number.isNaN(t)) return setError('Enter both dates.');
    if (f >= t) return setError('"From" must be before "to".');
    setError('');
    setRange({ kind: 'absolute', from: new Date(f).toISOString(), to: new Date(t).toISOString() });
  };
  return (
    <div className="timepicker">
      <label>
        <span className="sr-only">Time range</span>
        <select
          aria-label="Time range"
          value={custom || spec.kind === 'absolute' ? 'custom' : spec.key}
          onChange={(e) => choose(e.target.value)}
        >
          {presets.map((p) => (
            <option key={p.key} value={p.key}>
              {p.label}
            </option>
          ))}
          <option value="custom">Absolute range…</option>
        </select>
      </label>
      {custom || spec.kind === 'absolute' ? (
        <form className="absolute-range" onSubmit={apply}>
          <label>
            From (UTC)
            <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            To (UTC)
            <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
          <button type="submit">Apply</button>
          {error ? (
            <span role="alert" className="error">
              {error}
            </span>
          ) : null}
        </form>
      ) : null}
      <button type="button" onClick={refresh} title="Move relative ranges to now and reload (r)">
        Refresh
      </button>
      <label>
        <span className="sr-only">Timezone</span>
        <select
          aria-label="Timezone"
          value={timezone}
          onChange={(e) => setTimezone(e.target.value)}
        >
          {timezones.map((z) => (
            <option key={z} value={z}>
              {z === 'local' ? `Local (${tzLabel('local')})` : z}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
