// The scores of every entity previewed, both levels, on a log count axis: the flagged tail holds a
// handful of entities beside hundreds of ordinary ones and would be invisible on a linear one.
// The current and candidate thresholds are marked with their labels in opposite corners, so they
// stay readable when the two lines fall in one bin.
import type { OperationOutput } from '../../../../common/api/contract.js';
import { BarsChart, type BarMarker } from '../../core/ui/BarsChart.js';

type Histogram = OperationOutput<'model.preview'>['histogram'];

const binLabel = (edge: number) => edge.toFixed(2);

/** The label of the bin holding `score` (the chart's x is the bins' lower edges). */
export function binOf(h: Histogram, score: number): string {
  let i = 0;
  while (i + 1 < h.edges.length && h.edges[i + 1]! <= score) i++;
  return binLabel(h.edges[i] ?? 0);
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
  const data = histogram.counts.map((count, i) => ({
    bin: binLabel(histogram.edges[i] ?? 0),
    count,
  }));
  const markers: BarMarker[] = [];
  if (current !== null)
    markers.push({
      x: binOf(histogram, current),
      label: `current ${current.toFixed(3)}`,
      position: 'insideTopLeft',
      color: 'var(--muted)',
    });
  if (candidate !== null)
    markers.push({
      x: binOf(histogram, candidate),
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
