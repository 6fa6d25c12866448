// The (IP, JA4) level's features, each switchable (the daemon keeps at least 2 on).
export function FeatureToggles({
  features,
  disabled,
  onChange,
}: {
  features: string[];
  disabled: string[];
  onChange: (disabled: string[]) => void;
}) {
  return (
    <fieldset className="features">
      <legend>
        Features of the (IP, JA4) level (at least 2 on; whole IPs with cohort scoring are judged on
        their behaviour)
      </legend>
      {features.map((name) => (
        <label key={name}>
          <input
            type="checkbox"
            checked={!disabled.includes(name)}
            onChange={(e) =>
              onChange(e.target.checked ? disabled.filter((d) => d !== name) : [...disabled, name])
            }
          />{' '}
          {name.replace(/_/g, ' ')}
        </label>
      ))}
    </fieldset>
  );
}
