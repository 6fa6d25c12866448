#!/usr/bin/env bash
# Quick start, command 2: install what is missing, then every check: typecheck, lint, unit and
# integration tests (vitest), end-to-end tests in Debian's Chromium (Playwright). Ends with one
# summary line "tests: N passed, N failed, N skipped" and a non-zero exit if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1

artifacts=tests/artifacts
mkdir -p "$artifacts"
rm -f "$artifacts/vitest.json" "$artifacts/playwright.json"
failed_steps=()

step() {
  local name=$1
  shift
  echo "=== $name"
  local t0=$SECONDS
  if "$@"; then
    echo "=== $name: ok ($((SECONDS - t0)) s)"
  else
    echo "=== $name: FAILED ($((SECONDS - t0)) s)"
    failed_steps+=("$name")
  fi
}

# JA4WS_TEST_SCOPE=corpus (CI's bare-clone step): only the tests that import a module reaching the
# reference corpus (tests/support/corpus-modules.json; tests/unit/corpus-access.test.ts holds that
# list to the code). Every other test reads nothing beside the project, and the full run of the
# same commit has already passed them.
if [ "${JA4WS_TEST_SCOPE:-all}" = corpus ]; then
  mapfile -t reach < <(node -e 'for (const f of require("./tests/support/corpus-modules.json").reach) console.log(f)')
  echo "=== scope corpus: typecheck, lint, Playwright and package are not part of this run"
  step vitest npx vitest related --run "${reach[@]}" --reporter=default --reporter=json --outputFile="$artifacts/vitest.json"
  node scripts/summarize-tests.mjs "$artifacts/vitest.json" --no-playwright
else
  step typecheck npm run --silent typecheck
  step lint npm run --silent lint
  step vitest npx vitest run --reporter=default --reporter=json --outputFile="$artifacts/vitest.json"
  step playwright env PLAYWRIGHT_JSON_OUTPUT_NAME="$artifacts/playwright.json" npx playwright test --reporter=list,json
  # The desktop `dir` package: built when a local Electron distribution exists, else a printed skip.
  step package bash scripts/package.sh dir
  node scripts/summarize-tests.mjs "$artifacts/vitest.json" "$artifacts/playwright.json"
fi
if [ ${#failed_steps[@]} -gt 0 ]; then
  echo "failed steps: ${failed_steps[*]}"
  exit 1
fi
