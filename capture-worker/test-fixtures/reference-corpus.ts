// Where tests find FoxIO's JA4+ reference corpus (pcaps, expected.jsonl, tshark's JA3 list), and
// how a test that needs it asks for it. The corpus is not part of the project: it lives beside it
// (../shared/testdata/ja4-reference) on the machines that have it. A bare clone has none, so the
// tests that compare with it skip; every other test reads the project's own captures
// (test-fixtures/captures/, see its README).
//   JA4WS_REFERENCE_DIR       the corpus directory (relative paths: from the project root)
//   JA4WS_REQUIRE_REFERENCE=1 a missing corpus is an error instead of a skip (CI sets it)
import { describe } from 'vitest';
import { hasReferenceCorpus, REFERENCE_SKIP_MARK } from './reference-corpus-location.js';

export * from './reference-corpus-location.js';

/**
 * `describe` for a suite that compares with the reference corpus: without the corpus the suite is
 * skipped and its name says which variable to set. Read corpus files inside the suite (in hooks
 * or tests), never at module level, so that a bare clone can load the file.
 */
export function describeWithReference(name: string, body: () => void): void {
  if (hasReferenceCorpus) describe(name, body);
  else describe.skip(`${name} (${REFERENCE_SKIP_MARK})`, body);
}
