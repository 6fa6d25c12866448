// What one known-fingerprint entry may hold, checked with zod when the mapping is loaded: a wrong
// JA4 or JA4S in a shipped or added CSV would otherwise become a label nobody ever matches (or
// worse, one that matches the wrong thing), silently. The other JA4+ types are checked loosely:
// FoxIO's own mapping carries a JA4H with an 11-character last part, which is kept as published.
import { z } from 'zod';

export const JA4_RE =
  /^[tqd](?:1[0-3]|s[23]|d[1-3]|00)[di]\d{4}[0-9A-Za-z]{2}_[0-9a-f]{12}_[0-9a-f]{12}$/;
export const JA4S_RE =
  /^[tqd](?:1[0-3]|s[23]|d[1-3]|00)\d{2}[0-9A-Za-z]{2}_[0-9a-f]{4}_[0-9a-f]{12}$/;

/**
 * What a person would call the client an entry stands for. `impersonator`: a library that sends a
 * browser's TLS (wreq-js, curl-impersonate); `server`: a server's answer or certificate.
 */
export const FAMILIES = ['chrome', 'firefox', 'safari', 'tool', 'impersonator', 'server'] as const;
export type KnownFamily = (typeof FAMILIES)[number] | '';

const loose = z.string().regex(/^[0-9A-Za-z_\-.]{1,200}$/, 'letters, digits, _ - . only');

export const KnownFingerprintEntry = z
  .object({
    fingerprint_type: z.string(),
    fingerprint: z.string(),
    application: z.string().max(200),
    library: z.string().max(200),
    device: z.string().max(200),
    os: z.string().max(200),
    notes: z.string().max(2000),
    family: z.enum(['', ...FAMILIES]),
    source: z.string().min(1).max(300),
    observed: z.string().max(100),
    method: z.string().max(300),
    licence: z.string().min(1, 'a licence: under which terms the entry may be used').max(300),
    /** The JA4S given with a JA4 on the same row, or the JA4 given with a JA4S; '' otherwise. */
    paired_with: z.string().max(200),
  })
  .superRefine((e, ctx) => {
    const re =
      e.fingerprint_type === 'ja4' ? JA4_RE : e.fingerprint_type === 'ja4s' ? JA4S_RE : null;
    const ok = re ? re.test(e.fingerprint) : loose.safeParse(e.fingerprint).success;
    if (!ok)
      ctx.addIssue({
        code: 'custom',
        path: ['fingerprint'],
        message: `not a ${e.fingerprint_type.toUpperCase()}: ${e.fingerprint.slice(0, 60)}`,
      });
    if (!e.application && !e.library && !e.device && !e.os)
      ctx.addIssue({
        code: 'custom',
        path: ['application'],
        message: 'a name: Application, Library, Device or OS',
      });
  });
export type KnownFingerprintEntry = z.infer<typeof KnownFingerprintEntry>;

/** Per mapping file: the provenance its rows get when they carry none of their own. */
export const ProvenanceFile = z.record(
  z.string().regex(/^known-fingerprints.*\.csv$/),
  z
    .object({
      source: z.string().min(1),
      observed: z.string(),
      method: z.string(),
      /** By fingerprint type; '*' for every other type. */
      licence: z.record(z.string(), z.string().min(1)),
    })
    .strict(),
);
export type ProvenanceFile = z.infer<typeof ProvenanceFile>;
