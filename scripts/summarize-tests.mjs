// Adds up the vitest and Playwright JSON reports into the one closing line CI reads:
//   tests: N passed, N failed, N skipped (J need the reference corpus: set JA4WS_REFERENCE_DIR)
// The parenthesis appears only when some skipped tests are corpus tests: their suite names carry
// the mark below (capture-worker/test-fixtures/reference-corpus-location.ts, REFERENCE_SKIP_MARK).
import { existsSync, readFileSync } from 'node:fs';

const MARK = 'needs the reference corpus: set JA4WS_REFERENCE_DIR';
let passed = 0;
let failed = 0;
let skipped = 0;
let corpus = 0;
const [vitestFile, playwrightFile] = process.argv.slice(2);
// `--no-playwright`: a run that has no Playwright step on purpose (scripts/test.sh, scope corpus).
const noPlaywright = playwrightFile === '--no-playwright';

if (vitestFile && existsSync(vitestFile)) {
  const v = JSON.parse(readFileSync(vitestFile, 'utf8'));
  passed += v.numPassedTests ?? 0;
  failed += (v.numFailedTests ?? 0) + (v.numRuntimeErrorTestSuites ?? 0);
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
  for (const file of v.testResults ?? [])
    for (const t of file.assertionResults ?? [])
      if ((t.status === 'skipped' || t.status === 'pending') && String(t.fullName).includes(MARK))
        corpus++;
} else {
  console.log('summary: no vitest report (the vitest step did not run to the end)');
  failed += 1;
}

/** Playwright skipped tests whose title, suite title or skip reason carries the mark. */
function corpusSkipsIn(suite, inherited = '') {
  let n = 0;
  const title = `${inherited} ${suite.title ?? ''}`;
  for (const spec of suite.specs ?? [])
    for (const t of spec.tests ?? []) {
      const reasons = (t.annotations ?? []).map((a) => a.description ?? '').join(' ');
      const skippedHere = (t.results ?? []).every((r) => r.status === 'skipped');
      if (skippedHere && `${title} ${spec.title} ${reasons}`.includes(MARK)) n++;
    }
  for (const s of suite.suites ?? []) n += corpusSkipsIn(s, title);
  return n;
}

if (noPlaywright) {
  // nothing to add
} else if (playwrightFile && existsSync(playwrightFile)) {
  const p = JSON.parse(readFileSync(playwrightFile, 'utf8'));
  passed += (p.stats?.expected ?? 0) + (p.stats?.flaky ?? 0);
  failed += p.stats?.unexpected ?? 0;
  skipped += p.stats?.skipped ?? 0;
  for (const s of p.suites ?? []) corpus += corpusSkipsIn(s);
} else {
  console.log('summary: no Playwright report (the playwright step did not run to the end)');
  failed += 1;
}

const why = corpus > 0 ? ` (${corpus} need the reference corpus: set JA4WS_REFERENCE_DIR)` : '';
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped${why}`);
