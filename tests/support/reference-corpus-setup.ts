// vitest globalSetup: says once per run whether the reference corpus is there. Importing the
// location module throws when JA4WS_REQUIRE_REFERENCE=1 and there is none, which fails the run
// before any test (CI keeps its full strength).
import {
  hasReferenceCorpus,
  REFERENCE_ENV,
  referenceDirCandidate,
} from '../../capture-worker/test-fixtures/reference-corpus-location.js';

export default function setup(): void {
  if (!hasReferenceCorpus)
    console.log(
      `reference corpus: none at ${referenceDirCandidate}; the tests that compare with it are skipped (set ${REFERENCE_ENV})`,
    );
}
