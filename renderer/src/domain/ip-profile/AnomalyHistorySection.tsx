import { useState } from 'react';
import type { IpProfile } from '../../../../common/api/ip-profile.js';
import { api } from '../../core/api/client.js';
import { Pivot } from '../../core/ui/Pivot.js';
import { Time } from '../../core/ui/Time.js';
import { keyOf } from '../anomalies/key.js';

/** Every run that flagged the IP, with a verdict per run. */
export function AnomalyHistorySection({ p, onChanged }: { p: IpProfile; onChanged: () => void }) {
  const [feedback, setFeedback] = useState('');
  const verdict = async (
    a: IpProfile['anomalies'][number],
    state: 'true_positive' | 'false_positive',
  ) => {
    try {
      await api().call('anomalies.setState', {
        keys: [
          keyOf({ src_ip: p.ip, ja4: a.ja4, detected_at: a.detected_at, model_id: a.model_id }),
        ],
        state,
      });
      setFeedback(
        `Recorded: ${state === 'true_positive' ? 'true positive' : 'false positive (suppressed in later runs)'}.`,
      );
      onChanged();
    } catch (err) {
      setFeedback(`Could not record the verdict: ${(err as Error).message}`);
    }
  };
  return (
    <section className="card" aria-labelledby="ip-anom">
      <h2 id="ip-anom">Anomaly history</h2>
      {feedback ? <p role="status">{feedback}</p> : null}
      {p.anomalies.length === 0 ? (
        <p className="muted">The detector never flagged this IP.</p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">Detected</th>
              <th scope="col">Entity</th>
              <th scope="col" className="num">
                Score
              </th>
              <th scope="col">Why</th>
              <th scope="col">State</th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            {p.anomalies.map((a) => (
              <tr key={`${a.detected_at}|${a.entity_type}|${a.ja4}|${a.model_id}`}>
                <td>
                  <Time iso={a.detected_at} />
                </td>
                <td>{a.entity_type === 'ip_ja4' ? <Pivot kind="ja4" value={a.ja4} /> : 'IP'}</td>
                <td className="num">
                  {a.score.toFixed(3)} <span className="muted">/ {a.threshold.toFixed(3)}</span>
                </td>
                <td className="wrap">{a.reasons.join('; ')}</td>
                <td>{a.state.replace('_', ' ')}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => void verdict(a, 'true_positive')}
                    aria-label={`True positive: ${a.entity_type} anomaly of ${a.detected_at}`}
                  >
                    True positive
                  </button>{' '}
                  <button
                    type="button"
                    onClick={() => void verdict(a, 'false_positive')}
                    aria-label={`False positive: ${a.entity_type} anomaly of ${a.detected_at}`}
                  >
                    False positive
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
