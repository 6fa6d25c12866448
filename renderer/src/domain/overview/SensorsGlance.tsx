// Sensor health at a glance on the Overview; the Sensors view has the details.
import { formatCount, formatMs } from '../../core/format/format.js';
import { useApiQuery } from '../../core/query/useApiQuery.js';
import { hrefFor } from '../../core/router/store.js';

export function SensorsGlance() {
  const q = useApiQuery('sensors.status', {});
  const s = q.data;
  let body: string;
  let bad = false;
  if (q.status === 'error' && !s)
    body = `Sensor health unavailable: ${q.error ?? 'unknown error'}.`;
  else if (!s) body = 'Loading sensor health…';
  else {
    const running = s.captures.filter((c) => c.state === 'running').length;
    const drops = s.captures.reduce(
      (n, c) => n + (c.kernelDrops ?? 0) + (c.ifaceDrops ?? 0) + c.eventsDropped,
      0,
    );
    const badLines = s.ingest.reduce(
      (n, i) => n + Object.values(i.bad).reduce((a, b) => a + b, 0),
      0,
    );
    const lag = Math.max(0, ...s.writers.map((w) => w.lagMs));
    const writerErrors = s.writers.filter((w) => w.lastError).length;
    bad = running < s.captures.length || drops > 0 || writerErrors > 0;
    body =
      `${running} of ${s.captures.length} capture worker${s.captures.length === 1 ? '' : 's'} running, ` +
      `${formatCount(drops)} dropped, ${formatCount(badLines)} bad ingest lines, ` +
      `writer lag ${formatMs(lag)}${writerErrors ? `, ${writerErrors} writer error${writerErrors === 1 ? '' : 's'}` : ''}.`;
  }
  return (
    <section className={`card glance${bad ? ' flag' : ''}`} aria-label="Sensor health">
      <h3>Sensors</h3>
      <p>
        {body} <a href={hrefFor('sensors')}>Details</a>
      </p>
    </section>
  );
}
