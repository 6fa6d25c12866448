// Every numeric and on/off parameter with its help text and default.
import { fields, toText } from './fields.js';
import type { Tuning } from './tuning-draft.js';

export function ParameterFields({
  text,
  defaults,
  onChange,
}: {
  text: Record<string, string>;
  defaults: Tuning;
  onChange: (key: string, value: string) => void;
}) {
  return (
    <div className="tuning-grid">
      {fields.map((f) => (
        <div key={f.key} className="field">
          {f.kind === 'bool' ? (
            <label>
              <input
                type="checkbox"
                checked={text[f.key] === 'true'}
                onChange={(e) => onChange(f.key, String(e.target.checked))}
                aria-describedby={`help-${f.key}`}
              />{' '}
              {f.label}
            </label>
          ) : (
            <label>
              {f.label}
              <input
                name={f.key}
                value={text[f.key] ?? ''}
                onChange={(e) => onChange(f.key, e.target.value)}
                aria-describedby={`help-${f.key}`}
                placeholder={toText(defaults[f.key]) || 'empty'}
              />
            </label>
          )}
          <small id={`help-${f.key}`} className="muted">
            {f.help} Default: {toText(defaults[f.key]) || 'empty'}.
          </small>
        </div>
      ))}
    </div>
  );
}
