// The wording every validation error shares: missing vs invalid vs unknown, the path in the
// caller's names, the value shortened or masked, and the fix where one exists. Real zod schemas.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssues, issuesMessage, keysAt, optionName, shortValue } from './zod-issues.js';

const Line = z.strictObject({
  correlation: z.enum(['matched', 'unmatched', 'timeout']),
  src_ip: z.string().min(1),
  port: z.number().int().max(65535),
  tls: z.object({ ja4: z.string().regex(/^t\d/) }).optional(),
  sample: z.union([z.literal('auto'), z.number().int().min(2)]).optional(),
  window: z
    .string()
    .refine(() => false, 'expected a duration like 30m or 1h')
    .optional(),
});

function problems(input: unknown, opts = {}) {
  const r = Line.safeParse(input);
  if (r.success) throw new Error('expected a failure');
  return describeIssues(r.error.issues, input, opts);
}

describe('zod issues in words', () => {
  it('a key that is not there is missing, not an invalid option', () => {
    const [p] = problems({ src_ip: '1.2.3.4', port: 1 });
    expect(p).toMatchObject({ kind: 'missing', path: 'correlation' });
    expect(p!.message).toBe(
      'missing field `correlation` (expected one of "matched", "unmatched", "timeout")',
    );
    expect(p!.message).not.toMatch(/Invalid option/);
  });

  it('a key that is there but wrong is invalid, with the value and the expectation', () => {
    const ps = problems({ correlation: 'maybe', src_ip: '', port: 70000, tls: { ja4: 'x' } });
    expect(ps.map((p) => p.message)).toEqual([
      'invalid field `correlation`: expected one of "matched", "unmatched", "timeout", got "maybe"',
      'invalid field `src_ip`: expected a non-empty string, got ""',
      'invalid field `port`: expected a number <= 65535, got 70000',
      'invalid field `tls.ja4`: expected text matching /^t\\d/, got "x"',
    ]);
  });

  it('a long value is shortened and its length named', () => {
    const [p] = problems({ correlation: 'x'.repeat(5000), src_ip: 'a', port: 1 });
    expect(p!.got).toBe(`"${'x'.repeat(38)}… (5002 chars)`);
    expect(p!.message.length).toBeLessThan(150);
    expect(shortValue({ a: [1, 2, 3] })).toBe('{"a":[1,2,3]}');
  });

  it('unknown keys are named one by one; unions say every alternative; own messages stay', () => {
    const ps = problems({
      correlation: 'matched',
      src_ip: 'a',
      port: 1,
      sample: 'all',
      window: 'soon',
      extra: 1,
      other: 2,
    });
    expect(ps.map((p) => p.message)).toEqual([
      'invalid field `sample`: expected "auto" or a number, got "all"',
      'invalid field `window`: expected a duration like 30m or 1h, got "soon"',
      'unknown field `extra`',
      'unknown field `other`',
    ]);
  });

  it("uses the caller's names, noun, secrets and hints", () => {
    const msg = issuesMessage(
      z
        .object({ minRequests: z.coerce.number().int().min(1), password: z.string().min(8) })
        .safeParse({ minRequests: '0', password: 'hunter2' }).error!.issues,
      { minRequests: '0', password: 'hunter2' },
      {
        name: optionName,
        noun: 'option',
        secret: (p) => p === 'password',
        hint: (p) => (p === 'minRequests' ? 'e.g. --min-requests 2' : undefined),
      },
      '\n',
    );
    expect(msg).toBe(
      'invalid option --min-requests: expected a number >= 1, got "0"; e.g. --min-requests 2\n' +
        'invalid option --password: expected at least 8 characters, got ***',
    );
  });

  it('a wrong whole input says so', () => {
    const r = Line.safeParse('text');
    expect(issuesMessage(r.error!.issues, 'text')).toBe(
      'invalid input: expected an object, got "text"',
    );
  });
});

describe('did you mean', () => {
  const Cfg = z.strictObject({
    daemon: z.strictObject({ port: z.number(), host: z.string() }).default({ port: 1, host: 'h' }),
    store: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('embedded'), dataDir: z.string() }),
      z.strictObject({ kind: z.literal('remote'), url: z.string(), password: z.string() }),
    ]),
  });
  const msgs = (input: unknown) =>
    describeIssues(Cfg.safeParse(input).error!.issues, input, { schema: Cfg }).map(
      (p) => p.message,
    );

  it('names the sibling a typo meant, through defaults and unions; none for a far-off word', () => {
    expect(
      msgs({ deamon: {}, store: { kind: 'remote', url: 'u', pasword: 'x', password: 'p' } }),
    ).toEqual([
      'unknown field `store.pasword`; did you mean `store.password`?',
      'unknown field `deamon`; did you mean `daemon`?',
    ]);
    expect(msgs({ store: { kind: 'embedded', dataDir: 'd' }, colour: 1 })).toEqual([
      'unknown field `colour`',
    ]);
    expect(keysAt(Cfg, ['daemon'])).toEqual(['port', 'host']);
  });
});
