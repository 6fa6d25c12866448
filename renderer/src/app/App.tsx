import { HandshakesTable } from '../domain/handshakes/HandshakesTable.js';
import { useAuth } from '../core/auth/store.js';
import { TokenForm } from './TokenForm.js';

export function App() {
  const { needToken, provideToken } = useAuth();
  return (
    <div className="app">
      <header className="topbar">
        <h1>ja4-workstation</h1>
      </header>
      <main>
        {needToken ? (
          <TokenForm onToken={provideToken} />
        ) : (
          <section aria-labelledby="handshakes-title">
            <h2 id="handshakes-title">Recent TLS handshakes</h2>
            <HandshakesTable />
          </section>
        )}
      </main>
    </div>
  );
}
