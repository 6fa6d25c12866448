// The scores of every entity previewed, both levels, on a log count axis: the flagged tail holds a
// handful of entities beside hundreds of ordinary ones and would be invisible on a linear one.
// Each bar is labelled with its score range, and a threshold line stands at the start, middle or
// end of its bin's band (the nearest to the value), so the line reads where the value lies. The
// current and candidate labels sit in opposite corners, readable when both lines share a bin.
import type { OperationOutput } from '../../../../common/api/contract.js';
import { BarsChart, type BarMarker } from '../../core/ui/BarsChart.js';

type Histogram = OperationOutput<'model.preview'>['histogram'];

const upper = (h: Histogram, i: number) => h.edges[i + 1] ?? 1;
const binLabel = (h: Histogram, i: number) =>
  `${(h.edges[i] ?? 0).toFixed(2)}–${upper(h, i).toFixed(2)}`;

/** The bin holding `score` (edges are the bins' lower edges) and where in it the score lies. */
export function markerAt(h: Histogram, score: number): Pick<BarMarker, 'x' | 'band'> {
  let i = 0;
  while (i + 1 < h.edges.length && h.edges[i + 1]! <= score) i++;
  const lo = h.edges[i] ?? 0;
  const at = (score - lo) / (upper(h, i) - lo);
  return { x: binLabel(h, i), band: at < 0.25 ? 'start' : at < 0.75 ? 'middle' : 'end' };
}

export function ScoreHistogram({
  histogram,
  current,
  candidate,
}: {
  histogram: Histogram;
  current: number | null;
  candidate: number | null;
}) {
  const data = histogram.counts.map((count, i) => ({ bin: binLabel(histogram, i), count }));
  const markers: BarMarker[] = [];
  if (current !== null)
    markers.push({
      ...markerAt(histogram, current),
      label: `current ${current.toFixed(3)}`,
      position: 'insideTopLeft',
      color: 'var(--muted)',
    });
  if (candidate !== null)
    markers.push({
      ...markerAt(histogram, candidate),
      label: `candidate ${candidate.toFixed(3)}`,
      position: 'insideBottomLeft',
      color: 'var(--c3)',
      dashed: false,
    });
  return (
    <BarsChart
      data={data}
      x="bin"
      time={false}
      log
      series={[{ key: 'count', name: 'Entities', color: 'var(--c1)' }]}
      label="Score histogram (entities per score bin, log scale) with the current and candidate thresholds"
      height={220}
      markers={markers}
    />
  );
}
