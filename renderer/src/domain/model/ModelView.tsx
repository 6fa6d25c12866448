// Model tuning: every parameter with help text, a preview on the last window (both levels and the
// cohort pass as a run scores them: who would be flagged, what changes against the current
// parameters, the score histogram with a threshold slider), apply, and the run history.
import { useApiQuery } from '../../core/query/useApiQuery.js';
import { QueryState } from '../../core/ui/States.js';
import { RunHistory } from './RunHistory.js';
import { TuningForm } from './TuningForm.js';

export function ModelView() {
  const tuningQ = useApiQuery('model.tuning', {});
  const runsQ = useApiQuery('model.runs', { limit: 20 });
  return (
    <section aria-labelledby="model-title" className="view">
      <h1 id="model-title">Model tuning</h1>
      <QueryState q={tuningQ} what="the tuning parameters">
        {(t) => (
          <TuningForm
            initial={t.tuning}
            defaults={t.defaults}
            features={t.features.map((f) => f.name)}
            warning={t.warning}
            onApplied={() => {
              tuningQ.reload();
              runsQ.reload();
            }}
          />
        )}
      </QueryState>
      <RunHistory q={runsQ} />
    </section>
  );
}
