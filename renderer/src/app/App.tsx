import { useEffect, useRef, useState } from 'react';
import { startSession, useAuth } from '../core/auth/store.js';
import { hrefFor, useRouter } from '../core/router/store.js';
import { useTheme } from '../core/theme/store.js';
import { useTime } from '../core/time/store.js';
import { AnomaliesView } from '../domain/anomalies/AnomaliesView.js';
import { ModelView } from '../domain/model/ModelView.js';
import { ImportView } from '../domain/import/ImportView.js';
import { SettingsView } from '../domain/settings/SettingsView.js';
import { LiveView } from '../domain/live/LiveView.js';
import { SensorsView } from '../domain/sensors/SensorsView.js';
import { FingerprintView } from '../domain/fingerprint/FingerprintView.js';
import { IpProfileView } from '../domain/ip-profile/IpProfileView.js';
import { OverviewView } from '../domain/overview/OverviewView.js';
import { SearchView } from '../domain/search/SearchView.js';
import { SqlConsoleView } from '../domain/sql/SqlConsoleView.js';
import { GlobalSearch } from './GlobalSearch.js';
import { ShortcutsDialog } from './Shortcuts.js';
import { TimeRangePicker } from './TimeRangePicker.js';
import { TokenForm } from './TokenForm.js';
import { navItems } from './views.js';

function CurrentView() {
  const view = useRouter((s) => s.route.view);
  switch (view) {
    case 'search':
      return <SearchView />;
    case 'ip':
      return <IpProfileView />;
    case 'fingerprint':
      return <FingerprintView />;
    case 'sql':
      return <SqlConsoleView />;
    case 'live':
      return <LiveView />;
    case 'anomalies':
      return <AnomaliesView />;
    case 'sensors':
      return <SensorsView />;
    case 'model':
      return <ModelView />;
    case 'import':
      return <ImportView />;
    case 'settings':
      return <SettingsView />;
    default:
      return <OverviewView />;
  }
}

function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return (
    !!el &&
    (el.tagName === 'INPUT' ||
      el.tagName === 'TEXTAREA' ||
      el.tagName === 'SELECT' ||
      el.isContentEditable)
  );
}

export function App() {
  const { needToken, checking, message, provideToken } = useAuth();
  // The whole route, so navigation links pick up the current time range.
  const view = useRouter((s) => s.route).view;
  const { theme, setTheme } = useTheme();
  const [help, setHelp] = useState(false);
  const search = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void startSession();
  }, []);

  useEffect(() => {
    let pendingG = false;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target)) return;
      if (pendingG) {
        pendingG = false;
        const item = navItems.find((n) => n.key === e.key);
        if (item) useRouter.getState().navigate(item.view);
        return;
      }
      if (e.key === '/') {
        e.preventDefault();
        search.current?.focus();
      } else if (e.key === '?') setHelp((h) => !h);
      else if (e.key === 'r') useTime.getState().refresh();
      else if (e.key === 't')
        useTheme.getState().setTheme(useTheme.getState().theme === 'dark' ? 'light' : 'dark');
      else if (e.key === 'g') pendingG = true;
      else if (e.key === 'Escape') setHelp(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (checking || needToken)
    return (
      <div className="app">
        <header className="topbar">
          <span className="brand">ja4-workstation</span>
        </header>
        <main>
          {checking ? (
            <p role="status">Connecting to the daemon…</p>
          ) : (
            <TokenForm onToken={provideToken} message={message} />
          )}
        </main>
      </div>
    );

  return (
    <div className="app">
      <header className="topbar">
        <a className="brand" href={hrefFor('overview')}>
          ja4-workstation
        </a>
        <nav aria-label="Views">
          <ul>
            {navItems.map((n) => (
              <li key={n.view}>
                <a href={hrefFor(n.view)} aria-current={view === n.view ? 'page' : undefined}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <GlobalSearch ref={search} />
        <div className="topbar-tools">
          <button
            type="button"
            onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
            aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
          >
            {theme === 'dark' ? 'Light' : 'Dark'}
          </button>
          <button type="button" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts">
            ?
          </button>
        </div>
      </header>
      <div className="subbar">
        <TimeRangePicker />
      </div>
      <main>
        <CurrentView />
      </main>
      {help ? <ShortcutsDialog onClose={() => setHelp(false)} /> : null}
    </div>
  );
}
