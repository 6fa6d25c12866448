// Where FoxIO's JA4+ reference corpus is (see reference-corpus.ts), without vitest: vitest's
// globalSetup and the hand-run fixture extractors import this.
//   JA4WS_REFERENCE_DIR       the corpus directory (relative paths: from the project root)
//   JA4WS_REQUIRE_REFERENCE=1 a missing corpus is an error instead of a skip (CI sets it)
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

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
