import { type FormEvent, useState } from 'react';

export function TokenForm({
  onToken,
  message,
}: {
  onToken: (token: string) => Promise<void>;
  message?: string | undefined;
}) {
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!value.trim() || busy) return;
    setBusy(true);
    void onToken(value.trim()).finally(() => setBusy(false));
  };
  return (
    <form className="token-form" onSubmit={submit} aria-labelledby="token-title">
      <h2 id="token-title">Access token</h2>
      {message ? (
        <p role="alert" className="notice error">
          {message}
        </p>
      ) : null}
      <p>
        The daemon printed an access token when it started (also in{' '}
        <code>&lt;data dir&gt;/api-token</code>, or run <code>ja4ws token show</code>). It is
        exchanged for a session cookie of this browser, so new tabs open signed in; it ends after 12
        hours, when the daemon restarts or the token is rotated.
      </p>
      <label>
        Token
        <input
          type="password"
          autoComplete="off"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          autoFocus
        />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Checking…' : 'Connect'}
      </button>
    </form>
  );
}
