// A preview's result: the window, the histogram, the threshold slider, and what applying would
// change. The threshold is the form's own field (the slider moves it), and the count and the
// lists come from one previewDiff at that threshold: the scores do not depend on the threshold,
// so the lists at a dragged threshold are what a run at it would flag, exactly, without scoring
// again (down to the lowest threshold the preview lists every entity for).
import type { OperationOutput } from '../../../../common/api/contract.js';
import { lowestExactThreshold, previewDiff } from '../../../../common/api/model-diff.js';
import { formatCount } from '../../core/format/format.js';
import { Time } from '../../core/ui/Time.js';
import { CohortList } from './CohortList.js';
import { FlaggedList } from './FlaggedList.js';
import { LEVEL_NAMES } from './level-names.js';
import { ScoreHistogram } from './ScoreHistogram.js';
import { ThresholdSlider } from './ThresholdSlider.js';

type Preview = OperationOutput<'model.preview'>;

const entities = (n: number) => `${formatCount(n)} entit${n === 1 ? 'y' : 'ies'}`;

export function PreviewSection({
  p,
  threshold,
  stale,
  onThreshold,
}: {
  p: Preview;
  /** The form's threshold; undefined: each level's own (contamination). */
  threshold: number | undefined;
  /** The parameters changed (beyond the threshold) since this preview. */
  stale: boolean;
  onThreshold: (t: number) => void;
}) {
  const scored = p.levels.filter((l) => l.threshold !== null);
  if (scored.length === 0)
    return (
      <section className="card" aria-labelledby="preview-title">
        <h2 id="preview-title">Preview</h2>
        <p className="notice">
          The last window holds {entities(p.entities)} to score: too few to set a threshold. Lower
          the minimum requests, widen the window, or wait for more traffic.
        </p>
      </section>
    );
  const floor = lowestExactThreshold(p.levels);
  const exact = threshold === undefined || threshold >= floor;
  const diff = previewDiff(p.levels, threshold);
  const pair = p.levels.find((l) => l.level === 'ip_ja4');
  const ipLevel = p.levels.find((l) => l.level === 'ip');
  const ipCut = threshold ?? ipLevel?.threshold ?? null;
  const cohorts = ipCut === null ? [] : p.cohorts.filter((c) => c.score > ipCut);
  const flips = diff.added.length + diff.removed.length;
  return (
    <section className="card" aria-labelledby="preview-title">
      <h2 id="preview-title">Preview</h2>
      {stale ? (
        <p className="notice" role="status">
          The parameters changed since this preview: preview again to see their effect (only the
          threshold can change without scoring again).
        </p>
      ) : null}
      <p>
        Window <Time iso={p.windowStart} /> – <Time iso={p.windowEnd} />: {entities(p.entities)}{' '}
        scored (
        {p.levels
          .map(
            (l) =>
              `${LEVEL_NAMES[l.level]}: ${formatCount(l.entities)}, threshold ${
                l.threshold === null ? 'none (too few)' : (threshold ?? l.threshold).toFixed(3)
              }`,
          )
          .join('; ')}
        ), {formatCount(diff.flagged.length)} flagged.
      </p>
      <ScoreHistogram
        histogram={p.histogram}
        current={pair?.currentThreshold ?? null}
        candidate={threshold ?? pair?.threshold ?? null}
      />
      <ThresholdSlider
        value={threshold ?? pair?.threshold ?? 0.5}
        min={floor}
        onChange={onThreshold}
      />
      {exact ? (
        <>
          <p role="status" className="flip">
            {flips === 0
              ? 'No entity would flip against the current parameters.'
              : `${entities(flips)} would flip against the current parameters (${formatCount(diff.added.length)} newly flagged, ${formatCount(diff.removed.length)} no longer flagged).`}
          </p>
          <div>
            <FlaggedList title="Newly flagged" list={diff.added} />
            <FlaggedList title="No longer flagged" list={diff.removed} />
          </div>
          <p className="muted">
            {formatCount(diff.unchanged)} flagged by both. Applying runs on the window ending then,
            which may hold newer traffic.
          </p>
          {ipLevel ? <CohortList cohorts={cohorts} /> : null}
        </>
      ) : (
        <p role="status" className="notice flip">
          Below {floor.toFixed(3)} this preview does not list every entity: preview again at this
          threshold to see who would flip.
        </p>
      )}
    </section>
  );
}
