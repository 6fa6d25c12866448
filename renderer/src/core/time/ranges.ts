// Time ranges: presets relative to "now" and absolute ranges. Relative presets resolve against an
// anchor instant that moves only when the analyst refreshes, so a query key stays stable.
export const presets = [
  { key: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { key: '1h', label: 'Last hour', ms: 3600_000 },
  { key: '6h', label: 'Last 6 hours', ms: 6 * 3600_000 },
  { key: '24h', label: 'Last 24 hours', ms: 24 * 3600_000 },
  { key: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { key: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
] as const;
export type PresetKey = (typeof presets)[number]['key'];
export const defaultPreset: PresetKey = '24h';

export interface TimeWindow {
  from: string;
  to: string;
}

export type RangeSpec =
  { kind: 'preset'; key: PresetKey } | { kind: 'absolute'; from: string; to: string };

export function rangeFromParams(p: Record<string, string>): RangeSpec {
  if (p.from && p.to && !Number.isNaN(Date.parse(p.from)) && !Number.isNaN(Date.parse(p.to)))
    return {
      kind: 'absolute',
      from: new Date(p.from).toISOString(),
      to: new Date(p.to).toISOString(),
    };
  const preset = presets.find((x) => x.key === p.range);
  return { kind: 'preset', key: preset ? preset.key : defaultPreset };
}

export function rangeToParams(r: RangeSpec): Record<string, string | undefined> {
  return r.kind === 'preset'
    ? { range: r.key, from: undefined, to: undefined }
    : { range: undefined, from: r.from, to: r.to };
}

export function resolveRange(r: RangeSpec, anchorMs: number): TimeWindow {
  if (r.kind === 'absolute') return { from: r.from, to: r.to };
  const ms = presets.find((x) => x.key === r.key)!.ms;
  return { from: new Date(anchorMs - ms).toISOString(), to: new Date(anchorMs).toISOString() };
}

export function describeRange(r: RangeSpec, fmt: (iso: string) => string): string {
  if (r.kind === 'preset') return presets.find((x) => x.key === r.key)!.label;
  return `${fmt(r.from)} – ${fmt(r.to)}`;
}
