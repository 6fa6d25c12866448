// Model tuning: every parameter with help text, a preview on the last window (who would be flagged,
// the diff with the current model, the score histogram with a draggable threshold showing how many
// entities would flip), apply, and the run history.
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { OperationOutput } from '../../../../common/api/contract.js';
import { api, failure } from '../../core/api/client.js';
import { markStale } from '../../core/query/cache.js';
import { formatCount, formatMs } from '../../core/format/format.js';
import { useApiQuery } from '../../core/query/useApiQuery.js';
import { Pivot } from '../../core/ui/Pivot.js';
import { QueryState, RunNotice, type RunState } from '../../core/ui/States.js';
import { Time } from '../../core/ui/Time.js';
import { fields, fromText, toText } from './fields.js';
import { wouldFlip } from './flip.js';

type Preview = OperationOutput<'model.preview'>;
type Tuning = Record<string, unknown>;
type Flagged = Preview['flagged'];

export function ModelView() {
  const tuningQ = useApiQuery('model.tuning', {});
  const runsQ = useApiQuery('model.runs', { limit: 20 });
  return (
    <section aria-labelledby="model-title" className="view">
      <h1 id="model-title">Model tuning</h1>
      <QueryState q={tuningQ} what="the tuning parameters">
        {(t) => (
          <Tuner
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
      <section className="card" aria-labelledby="runs-title">
        <h2 id="runs-title">Run history</h2>
        <QueryState q={runsQ} what="the run history">
          {(r) =>
            r.runs.length === 0 ? (
              <p className="muted">No run yet. Apply parameters or wait for the schedule.</p>
            ) : (
              <div className="table-scroll">
                <table className="grid" aria-label="Run history">
                  <thead>
                    <tr>
                      <th scope="col">Run</th>
                      <th scope="col">Window</th>
                      <th scope="col" className="num">
                        Entities trained
                      </th>
                      <th scope="col" className="num">
                        Threshold
                      </th>
                      <th scope="col" className="num">
                        Anomalies
                      </th>
                      <th scope="col" className="num">
                        Duration
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.runs.map((x) => (
                      <tr key={x.model_id}>
                        <td>
                          <Time iso={x.created_at} />
                        </td>
                        <td>
                          <Time iso={x.window_start} /> – <Time iso={x.window_end} />
                        </td>
                        <td className="num">{formatCount(x.rows_trained)}</td>
                        <td className="num">{x.threshold.toFixed(3)}</td>
                        <td className="num">{formatCount(x.anomalies)}</td>
                        <td className="num">{formatMs(x.duration_ms)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </QueryState>
      </section>
    </section>
  );
}

function Tuner({
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
  const [text, setText] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((f) => [f.key, toText(initial[f.key])])),
  );
  const [disabled, setDisabled] = useState<string[]>(
    () => (initial.disabledFeatures as string[] | undefined) ?? [],
  );
  const allow =
    (initial.allowlist as { ips?: string[]; cidrs?: string[]; ja4s?: string[] } | undefined) ?? {};
  const [lists, setLists] = useState({
    ips: (allow.ips ?? []).join('\n'),
    cidrs: (allow.cidrs ?? []).join('\n'),
    ja4s: (allow.ja4s ?? []).join('\n'),
  });
  const [preview, setPreview] = useState<RunState<Preview>>({ status: 'idle' });
  const [applied, setApplied] = useState('');

  const tuning = (): Tuning => {
    const t: Tuning = {};
    for (const f of fields) t[f.key] = fromText(f, text[f.key] ?? '');
    t.disabledFeatures = disabled;
    const lines = (s: string) =>
      s
        .split(/\s+/)
        .map((x) => x.trim())
        .filter(Boolean);
    t.allowlist = { ips: lines(lists.ips), cidrs: lines(lists.cidrs), ja4s: lines(lists.ja4s) };
    return t;
  };
  const runPreview = async (e?: FormEvent) => {
    e?.preventDefault();
    setPreview({ status: 'running' });
    try {
      setPreview({ status: 'done', data: await api().call('model.preview', { tuning: tuning() }) });
    } catch (err) {
      setPreview({ status: 'error', ...failure(err) });
    }
  };
  const apply = async () => {
    setApplied('Applying and running the detector…');
    try {
      const r = await api().call('model.apply', { tuning: tuning() });
      markStale();
      setApplied(
        r.run
          ? `Applied. The run flagged ${formatCount(r.run.anomalies.length)} of ${formatCount(r.run.entities)} entities (threshold ${r.run.threshold.toFixed(3)}).`
          : `Applied; the run failed: ${r.runError ?? 'unknown error'}`,
      );
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
        <div className="tuning-grid">
          {fields.map((f) => (
            <div key={f.key} className="field">
              {f.kind === 'bool' ? (
                <label>
                  <input
                    type="checkbox"
                    checked={text[f.key] === 'true'}
                    onChange={(e) => setText({ ...text, [f.key]: String(e.target.checked) })}
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
                    onChange={(e) => setText({ ...text, [f.key]: e.target.value })}
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
        <fieldset className="features">
          <legend>Features (at least 2 on)</legend>
          {features.map((name) => (
            <label key={name}>
              <input
                type="checkbox"
                checked={!disabled.includes(name)}
                onChange={(e) =>
                  setDisabled(
                    e.target.checked ? disabled.filter((d) => d !== name) : [...disabled, name],
                  )
                }
              />{' '}
              {name.replace(/_/g, ' ')}
            </label>
          ))}
        </fieldset>
        <div className="tuning-grid">
          {(['ips', 'cidrs', 'ja4s'] as const).map((k) => (
            <label key={k}>
              Allowlist: {k === 'ips' ? 'IPs' : k === 'cidrs' ? 'CIDR blocks' : 'JA4s'} (one per
              line; never flagged)
              <textarea
                rows={3}
                value={lists[k]}
                onChange={(e) => setLists({ ...lists, [k]: e.target.value })}
                spellCheck={false}
                className="mono"
              />
            </label>
          ))}
        </div>
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
        <PreviewResult
          p={preview.data}
          onThreshold={(t) => setText({ ...text, threshold: t.toFixed(3) })}
        />
      ) : null}
    </>
  );
}

function PreviewResult({ p, onThreshold }: { p: Preview; onThreshold: (t: number) => void }) {
  if (p.threshold === null)
    return (
      <section className="card" aria-labelledby="preview-title">
        <h2 id="preview-title">Preview</h2>
        <p className="notice">
          The last window holds {formatCount(p.entities)} scorable entit
          {p.entities === 1 ? 'y' : 'ies'}: too few to set a threshold. Lower the minimum requests,
          widen the window, or wait for more traffic.
        </p>
      </section>
    );
  return <PreviewScored p={{ ...p, threshold: p.threshold }} onThreshold={onThreshold} />;
}

function PreviewScored({
  p,
  onThreshold,
}: {
  p: Preview & { threshold: number };
  onThreshold: (t: number) => void;
}) {
  const [candidate, setCandidate] = useState(p.threshold);
  useEffect(() => setCandidate(p.threshold), [p.threshold]);
  const flip = useMemo(
    () =>
      wouldFlip(
        p.flagged.map((f) => f.score),
        p.histogram,
        p.threshold,
        candidate,
      ),
    [p, candidate],
  );
  const data = p.histogram.counts.map((count, i) => ({ bin: p.histogram.edges[i] ?? 0, count }));
  const n = flip.flag + flip.unflag;
  const flips = p.diff.added.length + p.diff.removed.length;
  return (
    <section className="card" aria-labelledby="preview-title">
      <h2 id="preview-title">Preview</h2>
      <p>
        Window <Time iso={p.windowStart} /> – <Time iso={p.windowEnd} />: {formatCount(p.entities)}{' '}
        entities scored, {formatCount(p.flagged.length)} flagged at threshold{' '}
        {p.threshold.toFixed(3)}.
      </p>
      <figure aria-label="Score histogram with the threshold">
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={data}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
            <XAxis
              dataKey="bin"
              type="number"
              domain={[0, 1]}
              tickFormatter={(v: number) => v.toFixed(2)}
              stroke="var(--muted)"
            />
            <YAxis allowDecimals={false} stroke="var(--muted)" width={48} />
            <Tooltip contentStyle={{ background: 'var(--panel)', borderColor: 'var(--line)' }} />
            <Bar dataKey="count" name="Entities" fill="var(--c1)" isAnimationActive={false} />
            <ReferenceLine
              x={p.threshold}
              stroke="var(--muted)"
              strokeDasharray="4 2"
              label="current"
            />
            <ReferenceLine x={candidate} stroke="var(--c3)" strokeWidth={2} label="candidate" />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <label className="threshold-slider">
        Threshold: <strong>{candidate.toFixed(3)}</strong>
        <input
          type="range"
          min={0}
          max={1}
          step={0.005}
          value={candidate}
          onChange={(e) => setCandidate(Number(e.target.value))}
          aria-valuetext={candidate.toFixed(3)}
        />
      </label>
      {/* The flip count is the lists below (candidate vs current model on the same window), so
          the number and what it names always agree; the slider's own effect on this preview is a
          separate, labelled estimate until the preview is run again at that threshold. */}
      <p role="status" className="flip">
        {flips === 0
          ? 'No entity would flip against the current model.'
          : `${formatCount(flips)} entit${flips === 1 ? 'y' : 'ies'} would flip against the current model (${formatCount(p.diff.added.length)} newly flagged, ${formatCount(p.diff.removed.length)} no longer flagged).`}
      </p>
      <p className="flip">
        {candidate === p.threshold
          ? 'Drag the threshold to see how many of these entities would change side.'
          : n === 0
            ? `At threshold ${candidate.toFixed(3)} no entity of this preview changes side.`
            : `At threshold ${candidate.toFixed(3)}: ${flip.approximate ? '≈ ' : ''}${formatCount(n)} entit${n === 1 ? 'y' : 'ies'} of this preview change side (${formatCount(flip.flag)} more flagged, ${formatCount(flip.unflag)} fewer); preview again to list them.`}{' '}
        <button type="button" onClick={() => onThreshold(candidate)}>
          Use this threshold
        </button>
      </p>
      <div>
        <FlaggedList
          title={`Newly flagged against the current model (${p.diff.added.length})`}
          list={p.diff.added}
        />
        <FlaggedList title={`No longer flagged (${p.diff.removed.length})`} list={p.diff.removed} />
      </div>
      <p className="muted">
        {formatCount(p.diff.unchanged)} flagged by both; the current model's threshold is{' '}
        {p.diff.currentThreshold === null ? 'not set' : p.diff.currentThreshold.toFixed(3)}.
      </p>
    </section>
  );
}

function FlaggedList({ title, list }: { title: string; list: Flagged }) {
  return (
    <section className="card" aria-label={title}>
      <h3>{title}</h3>
      {list.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">IP</th>
              <th scope="col">JA4</th>
              <th scope="col" className="num">
                Score
              </th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {list.slice(0, 100).map((f) => (
              <tr key={`${f.src_ip}|${f.ja4}`}>
                <td>
                  <Pivot kind="ip" value={f.src_ip} />
                </td>
                <td>
                  {f.ja4 ? (
                    <Pivot kind="ja4" value={f.ja4} />
                  ) : (
                    <span className="muted">whole IP</span>
                  )}
                </td>
                <td className="num">{f.score.toFixed(3)}</td>
                <td className="wrap">{f.reasons.join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
