// The threshold as a slider over the range the preview lists exactly; it moves the form's
// threshold field, so what Apply saves is what the page shows.
export const STEP = 0.005;

export function ThresholdSlider({
  value,
  min,
  onChange,
}: {
  value: number;
  /** The lowest threshold the preview's lists are exact for. */
  min: number;
  onChange: (t: number) => void;
}) {
  // On the step grid, and inside the contract's open interval (0, 1).
  const lo = Math.max(STEP, Math.ceil(min / STEP) * STEP);
  const hi = 1 - STEP;
  return (
    <label className="threshold-slider">
      <span>
        Threshold: <strong>{value.toFixed(3)}</strong>{' '}
        <span className="muted">
          (drag from {lo.toFixed(3)}; it sets the fixed score threshold)
        </span>
      </span>
      <input
        type="range"
        min={lo}
        max={hi}
        step={STEP}
        value={Math.min(hi, Math.max(lo, value))}
        onChange={(e) => onChange(Number(Number(e.target.value).toFixed(3)))}
        aria-valuetext={value.toFixed(3)}
      />
    </label>
  );
}
