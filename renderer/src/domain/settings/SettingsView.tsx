// Settings: retention, sockets, capture interfaces (kept by the daemon in its settings file, most
// applying at the next start), plus this browser's theme and timezone.
import { type FormEvent, useState } from 'react';
import type { EditableSettings } from '../../../../common/api/settings.js';
import { api } from '../../core/api/client.js';
import { useApiQuery } from '../../core/query/useApiQuery.js';
import { useTheme } from '../../core/theme/store.js';
import { timezones, useTime } from '../../core/time/store.js';
import { QueryState } from '../../core/ui/States.js';

export function SettingsView() {
  const q = useApiQuery('settings.get', {});
  const { theme, setTheme } = useTheme();
  const { timezone, setTimezone } = useTime();
  return (
    <section aria-labelledby="settings-title" className="view">
      <h1 id="settings-title">Settings</h1>
      <section className="card" aria-labelledby="ui-settings">
        <h2 id="ui-settings">This browser</h2>
        <div className="tuning-grid">
          <label>
            Theme
            <select value={theme} onChange={(e) => setTheme(e.target.value as 'light' | 'dark')}>
              <option value="light">Light</option>
              <option value="dark">Dark</option>
            </select>
          </label>
          <label>
            Timezone for times
            <select value={timezone} onChange={(e) => setTimezone(e.target.value)}>
              {timezones.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
          </label>
        </div>
      </section>
      <QueryState q={q} what="the settings">
        {(s) => (
          <DaemonSettings
            initial={s.editable}
            file={s.file}
            restart={s.restartRequired}
            onSaved={q.reload}
          />
        )}
      </QueryState>
    </section>
  );
}

function DaemonSettings({
  initial,
  file,
  restart,
  onSaved,
}: {
  initial: EditableSettings;
  file: string;
  restart: boolean;
  onSaved: () => void;
}) {
  const [v, setV] = useState(() => ({
    rawDays: String(initial.retention.rawDays),
    aggregateDays: String(initial.retention.aggregateDays),
    interfaces: initial.captureInterfaces.join(', '),
    httpSocket: initial.httpSocket,
    networkSocket: initial.networkSocket,
  }));
  const [message, setMessage] = useState('');
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await api().call('settings.set', {
        settings: {
          retention: { rawDays: Number(v.rawDays), aggregateDays: Number(v.aggregateDays) },
          captureInterfaces: v.interfaces.split(/[\s,]+/).filter(Boolean),
          httpSocket: v.httpSocket,
          networkSocket: v.networkSocket,
        },
      });
      setMessage(r.restartRequired ? 'Saved. Restart the daemon to apply.' : 'Saved.');
      onSaved();
    } catch (err) {
      setMessage(`Not saved: ${(err as Error).message}`);
    }
  };
  return (
    <form className="card" onSubmit={save} aria-labelledby="daemon-settings">
      <h2 id="daemon-settings">Daemon</h2>
      <p className="muted">
        Kept in <code>{file}</code>.{restart ? ' A restart is pending for earlier changes.' : ''}
      </p>
      <div className="tuning-grid">
        <label>
          Raw data retention (days)
          <input
            inputMode="numeric"
            value={v.rawDays}
            onChange={(e) => setV({ ...v, rawDays: e.target.value })}
          />
        </label>
        <label>
          Aggregate retention (days)
          <input
            inputMode="numeric"
            value={v.aggregateDays}
            onChange={(e) => setV({ ...v, aggregateDays: e.target.value })}
          />
        </label>
        <label>
          Capture interfaces (comma-separated; empty: none)
          <input
            value={v.interfaces}
            onChange={(e) => setV({ ...v, interfaces: e.target.value })}
          />
        </label>
        <label>
          HTTP ingest socket
          <input
            value={v.httpSocket}
            onChange={(e) => setV({ ...v, httpSocket: e.target.value })}
            className="mono"
          />
        </label>
        <label>
          Sensor (network) socket
          <input
            value={v.networkSocket}
            onChange={(e) => setV({ ...v, networkSocket: e.target.value })}
            className="mono"
          />
        </label>
      </div>
      <div className="actions">
        <button type="submit" className="primary">
          Save
        </button>
        {message ? <span role="status">{message}</span> : null}
      </div>
    </form>
  );
}
