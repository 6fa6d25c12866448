// The tuning form's state: every parameter as the text a person typed, the features switched off
// and the allowlists, and the tuning value the contract takes built from it.
import { fields, fromText, toText } from './fields.js';

export type Tuning = Record<string, unknown>;
export type AllowKind = 'ips' | 'cidrs' | 'ja4s';

export interface Draft {
  text: Record<string, string>;
  disabled: string[];
  lists: Record<AllowKind, string>;
}

export function draftOf(t: Tuning): Draft {
  const allow = (t.allowlist as Partial<Record<AllowKind, string[]>> | undefined) ?? {};
  return {
    text: Object.fromEntries(fields.map((f) => [f.key, toText(t[f.key])])),
    disabled: (t.disabledFeatures as string[] | undefined) ?? [],
    lists: {
      ips: (allow.ips ?? []).join('\n'),
      cidrs: (allow.cidrs ?? []).join('\n'),
      ja4s: (allow.ja4s ?? []).join('\n'),
    },
  };
}

const lines = (s: string) => s.split(/\s+/).filter(Boolean);

export function tuningOf(d: Draft): Tuning {
  const t: Tuning = {};
  for (const f of fields) t[f.key] = fromText(f, d.text[f.key] ?? '');
  t.disabledFeatures = d.disabled;
  t.allowlist = { ips: lines(d.lists.ips), cidrs: lines(d.lists.cidrs), ja4s: lines(d.lists.ja4s) };
  return t;
}

/**
 * What a preview's scores depend on: everything but the threshold (the forest, and so every score,
 * is the same at any threshold). A preview stays valid while this is unchanged.
 */
export function scoringKey(t: Tuning): string {
  const { threshold: _threshold, ...rest } = t;
  return JSON.stringify(rest);
}

/** The threshold the form holds, when it is a number (empty: each level's own). */
export function draftThreshold(d: Draft): number | undefined {
  const text = (d.text.threshold ?? '').trim();
  const n = Number(text);
  return text === '' || !Number.isFinite(n) ? undefined : n;
}
