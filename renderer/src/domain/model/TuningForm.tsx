// The parameters form with its two actions: Preview (score the last window with them, writing
// nothing) and Apply (save them and run). The preview below follows the form's threshold.
import { type FormEvent, useState } from 'react';
import type { OperationOutput } from '../../../../common/api/contract.js';
import { api, failure } from '../../core/api/client.js';
import { formatCount } from '../../core/format/format.js';
import { RunNotice, type RunState } from '../../core/ui/States.js';
import { AllowlistFields } from './AllowlistFields.js';
import { FeatureToggles } from './FeatureToggles.js';
import { ParameterFields } from './ParameterFields.js';
import { PreviewSection } from './PreviewSection.js';
import { draftOf, draftThreshold, scoringKey, tuningOf, type Tuning } from './tuning-draft.js';

type Preview = OperationOutput<'model.preview'>;
type Applied = OperationOutput<'model.apply'>;

function appliedText(r: Applied): string {
  if (!r.run) return `Applied; the run failed: ${r.runError ?? 'unknown error'}`;
  return `Applied. The run flagged ${formatCount(r.run.anomalies.length)} of ${formatCount(r.run.entities)} (IP, JA4) entities (threshold ${r.run.threshold.toFixed(3)}); the run history lists both levels.`;
}

export function TuningForm({
  initial,
  defaults,
  features,
  warning,
  onApplied,
}: {
  initial: Tuning;
  defaults: Tuning;
  features: string[];
  warning: string | undefined;
  onApplied: () => void;
}) {
  const [draft, setDraft] = useState(() => draftOf(initial));
  const [preview, setPreview] = useState<RunState<Preview>>({ status: 'idle' });
  const [previewedKey, setPreviewedKey] = useState('');
  const [applied, setApplied] = useState('');
  const setText = (key: string, value: string) =>
    setDraft((d) => ({ ...d, text: { ...d.text, [key]: value } }));

  const runPreview = async (e?: FormEvent) => {
    e?.preventDefault();
    const tuning = tuningOf(draft);
    setPreview({ status: 'running' });
    try {
      const data = await api().call('model.preview', { tuning });
      setPreviewedKey(scoringKey(tuning));
      setPreview({ status: 'done', data });
    } catch (err) {
      setPreview({ status: 'error', ...failure(err) });
    }
  };
  const apply = async () => {
    setApplied('Applying and running the detector…');
    try {
      const r = await api().call('model.apply', { tuning: tuningOf(draft) });
      setApplied(appliedText(r));
      onApplied();
    } catch (err) {
      setApplied(`Not applied: ${(err as Error).message}`);
    }
  };
  return (
    <>
      {warning ? (
        <p role="alert" className="notice error">
          {warning}
        </p>
      ) : null}
      <form className="card tuning" onSubmit={runPreview} aria-labelledby="params-title">
        <h2 id="params-title">Parameters</h2>
        <ParameterFields text={draft.text} defaults={defaults} onChange={setText} />
        <FeatureToggles
          features={features}
          disabled={draft.disabled}
          onChange={(disabled) => setDraft((d) => ({ ...d, disabled }))}
        />
        <AllowlistFields
          lists={draft.lists}
          onChange={(lists) => setDraft((d) => ({ ...d, lists }))}
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={preview.status === 'running'}>
            Preview on the last window
          </button>
          <button type="button" onClick={() => void apply()}>
            Apply
          </button>
          {applied ? <span role="status">{applied}</span> : null}
        </div>
      </form>
      <RunNotice
        run={preview}
        what="the preview"
        running="the preview (the detector is scoring the last window)"
      />
      {preview.status === 'done' && preview.data ? (
        <PreviewSection
          p={preview.data}
          threshold={draftThreshold(draft)}
          stale={scoringKey(tuningOf(draft)) !== previewedKey}
          onThreshold={(t) => setText('threshold', t.toFixed(3))}
        />
      ) : null}
    </>
  );
}
