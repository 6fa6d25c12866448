// Where tests find FoxIO's JA4+ reference corpus (pcaps, expected.jsonl, tshark's JA3 list), and
// how a test that needs it asks for it. The corpus is not part of the project: it lives beside it
// (../shared/testdata/ja4-reference) on the machines that have it. A bare clone has none, so the
// tests that compare with it skip; every other test reads the project's own captures
// (test-fixtures/captures/, see its README).
//   JA4WS_REFERENCE_DIR       the corpus directory (relative paths: from the project root)
//   JA4WS_REQUIRE_REFERENCE=1 a missing corpus is an error instead of a skip (CI sets it)
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe } from 'vitest';

export const REFERENCE_ENV = 'JA4WS_REFERENCE_DIR';
export const REQUIRE_REFERENCE_ENV = 'JA4WS_REQUIRE_REFERENCE';
/** Part of every skipped corpus suite's name: scripts/summarize-tests.mjs counts by it. */
export const REFERENCE_SKIP_MARK = `needs the reference corpus: set ${REFERENCE_ENV}`;

const projectRoot = resolve(import.meta.dirname, '../..');
const configured = process.env[REFERENCE_ENV];
/** The corpus directory, configured or default, whether or not it exists. */
export const referenceDirCandidate = resolve(
  projectRoot,
  configured && configured.length > 0 ? configured : '../shared/testdata/ja4-reference',
);
/** True when the candidate holds a corpus (expected.jsonl and pcap/). */
export const hasReferenceCorpus =
  existsSync(join(referenceDirCandidate, 'expected.jsonl')) &&
  existsSync(join(referenceDirCandidate, 'pcap'));

if (!hasReferenceCorpus && process.env[REQUIRE_REFERENCE_ENV] === '1') {
  throw new Error(
    `${REQUIRE_REFERENCE_ENV}=1 but no reference corpus at ${referenceDirCandidate} ` +
      `(no expected.jsonl and pcap/ there): set ${REFERENCE_ENV} to the ja4-reference directory`,
  );
}

/** The corpus directory; throws naming the variable when there is none (use inside a corpus suite). */
export function referenceDir(): string {
  if (!hasReferenceCorpus)
    throw new Error(`no reference corpus at ${referenceDirCandidate}: set ${REFERENCE_ENV}`);
  return referenceDirCandidate;
}

/** A file of the corpus, e.g. referencePath('pcap', 'tls12.pcap'). */
export function referencePath(...parts: string[]): string {
  return join(referenceDir(), ...parts);
}

/**
 * `describe` for a suite that compares with the reference corpus: without the corpus the suite is
 * skipped and its name says which variable to set. Read corpus files inside the suite (in hooks
 * or tests), never at module level, so that a bare clone can load the file.
 */
export function describeWithReference(name: string, body: () => void): void {
  if (hasReferenceCorpus) describe(name, body);
  else describe.skip(`${name} (${REFERENCE_SKIP_MARK})`, body);
}
