// The IP and Fingerprint views' "open this entity" form: checks the text, says what is wrong.
import { type FormEvent, useState } from 'react';

export function EntityPicker({
  label,
  placeholder,
  initial,
  check,
  go,
}: {
  label: string;
  placeholder: string;
  initial: string;
  check: (v: string) => string;
  go: (v: string) => void;
}) {
  const [v, setV] = useState(initial);
  const [err, setErr] = useState(() => (initial ? check(initial) : ''));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = check(v.trim());
    setErr(problem);
    if (!problem) go(v.trim());
  };
  return (
    <form className="entity-picker" onSubmit={submit}>
      <label>
        {label}
        <input
          value={v}
          onChange={(e) => setV(e.target.value)}
          placeholder={placeholder}
          spellCheck={false}
          aria-invalid={err ? true : undefined}
          aria-describedby={err ? 'entity-error' : undefined}
        />
      </label>
      <button type="submit">Open</button>
      {err ? (
        <p id="entity-error" role="alert" className="error">
          {err}
        </p>
      ) : null}
    </form>
  );
}
