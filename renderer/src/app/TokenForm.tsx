import { type FormEvent, useState } from 'react';

export function TokenForm({ onToken }: { onToken: (token: string) => void }) {
  const [value, setValue] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (value.trim()) onToken(value.trim());
  };
  return (
    <form className="token-form" onSubmit={submit}>
      <h2>Access token</h2>
      <p>
        The daemon printed an access token when it started (also in{' '}
        <code>&lt;data dir&gt;/api-token</code>). It is kept for this browser tab only.
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
      <button type="submit">Connect</button>
    </form>
  );
}
