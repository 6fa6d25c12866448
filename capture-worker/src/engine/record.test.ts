// The record's field-by-field copy (orderedCopy) against the rule it writes out by hand: the set
// fields in RECORD_KEY_ORDER, empty lists left out, null when only identity fields are set.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConnectionRecord } from '../../../common/events/connection.js';
import { orderedCopy, RECORD_IDENTITY, RECORD_KEY_ORDER } from './record.js';

type Loose = Record<string, unknown>;

/** The rule as a loop over the key list (what orderedCopy replaced): the oracle. */
function byTheList(s: Loose): Loose | null {
  const out: Loose = {};
  let any = false;
  for (const k of RECORD_KEY_ORDER) {
    const v = s[k];
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
    if (!RECORD_IDENTITY.has(k)) any = true;
  }
  return any ? out : null;
}

const shape = ConnectionRecord.shape as Record<string, z.ZodType>;
const isList = (k: string): boolean => {
  const t = shape[k];
  return (t instanceof z.ZodOptional ? t.unwrap() : t) instanceof z.ZodArray;
};
const value = (k: string): unknown => (isList(k) ? [`${k}-v`] : `${k}-v`);

describe('orderedCopy', () => {
  it('lists every field of the schema in RECORD_KEY_ORDER, once', () => {
    expect([...RECORD_KEY_ORDER].sort()).toEqual(Object.keys(shape).sort());
    const all = Object.fromEntries([...RECORD_KEY_ORDER].reverse().map((k) => [k, value(k)]));
    const out = orderedCopy(all);
    expect(Object.keys(out ?? {})).toEqual(RECORD_KEY_ORDER);
    expect(out).toEqual(all);
  });

  it('leaves out each field that is unset or an empty list, and says null with identity alone', () => {
    const identity = Object.fromEntries([...RECORD_IDENTITY].map((k) => [k, value(k)]));
    expect(orderedCopy(identity)).toBeNull();
    for (const k of RECORD_KEY_ORDER) {
      if (RECORD_IDENTITY.has(k)) continue;
      expect(orderedCopy({ ...identity, [k]: value(k) }), k).toEqual(
        byTheList({ ...identity, [k]: value(k) }),
      );
      if (isList(k)) expect(orderedCopy({ ...identity, [k]: [] }), k).toBeNull();
    }
  });

  it('equals the loop over the key list for any set of fields, in any insertion order', () => {
    const entry = fc
      .constantFrom(...RECORD_KEY_ORDER)
      .chain((k) =>
        fc.tuple(
          fc.constant(k as string),
          isList(k)
            ? fc.constantFrom<unknown>(undefined, value(k), [])
            : fc.constantFrom<unknown>(undefined, value(k)),
        ),
      );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 60 }), (entries) => {
        const s = Object.fromEntries(entries);
        const got = orderedCopy(s);
        const want = byTheList(s);
        expect(got).toEqual(want);
        if (want !== null) expect(Object.keys(got ?? {})).toEqual(Object.keys(want));
      }),
      { numRuns: 500 },
    );
  });
});
