import { useCallback, useState } from 'react';
import { HandshakesTable } from '../domain/handshakes/HandshakesTable.js';
import { clearToken, getToken, setToken } from '../core/auth/token.js';
import { TokenForm } from './TokenForm.js';

export function App() {
  const [needToken, setNeedToken] = useState(() => window.ja4ws === undefined && getToken() === undefined);
  const onUnauthorized = useCallback(() => {
    clearToken();
    setNeedToken(true);
  }, []);

  return (
    <div className="app">
      <header className="topbar">
        <h1>ja4-workstation</h1>
      </header>
      <main>
        {needToken ? (
          <TokenForm
            onToken={(t) => {
              setToken(t);
              setNeedToken(false);
            }}
          />
        ) : (
          <section aria-labelledby="handshakes-title">
            <h2 id="handshakes-title">Recent TLS handshakes</h2>
            <HandshakesTable onUnauthorized={onUnauthorized} />
          </section>
        )}
      </main>
    </div>
  );
}
