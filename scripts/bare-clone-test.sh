#!/usr/bin/env bash
# The proof that the project stands on its own (issue 17): clones the current commit into an empty
# directory with nothing beside it, runs `npm test` there as a new user would (set-up with npm ci and
# build), and fails unless it ends with "0 failed" and the corpus tests were skipped, never failed.
# By default only the tests that import a module reaching the corpus run there (JA4WS_TEST_SCOPE=
# corpus; tests/unit/corpus-access.test.ts proves no other file reads ../shared, so every other test
# behaves the same as in the full run CI has just made); JA4WS_BARE_SCOPE=all runs the whole suite.
# When run as root with unshare(1), the corpus directory is also hidden (an empty tmpfs over it in
# a private mount namespace), so a test reaching it by an absolute path fails here too.
#   scripts/bare-clone-test.sh            (uses HEAD; uncommitted changes are not part of it)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
commit=$(git -C "$root" rev-parse HEAD)
corpus=${JA4WS_REFERENCE_DIR:-$root/../shared/testdata/ja4-reference}
case $corpus in /*) ;; *) corpus=$root/$corpus ;; esac
work=$(mktemp -d /tmp/ja4ws-bare-clone-XXXXXX)
# Readable like a clone in a home directory: some tests run parts as an unprivileged user.
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
log=$root/tests/artifacts/bare-clone-test.log
mkdir -p "$(dirname "$log")"

git clone -q --no-hardlinks "$root" "$work/ja4-workstation"
git -C "$work/ja4-workstation" checkout -q --detach "$commit"
echo "bare clone: $commit in $work/ja4-workstation (nothing beside it)"

run_npm_test='cd "$0" && npm test'
hide=()
if [ "$(id -u)" = 0 ] && [ -d "$corpus" ] && command -v unshare >/dev/null &&
  unshare --mount --propagation private true 2>/dev/null; then
  echo "bare clone: hiding $corpus (empty tmpfs in a private mount namespace)"
  hide=(unshare --mount --propagation private)
  run_npm_test='mount -t tmpfs -o ro,size=1m ja4ws-no-corpus "$1" && cd "$0" && npm test'
fi

t0=$SECONDS
set +e
env -u JA4WS_REFERENCE_DIR -u JA4WS_REQUIRE_REFERENCE -u JA4WS_SKIP_BUILD \
  JA4WS_TEST_SCOPE="${JA4WS_BARE_SCOPE:-corpus}" \
  "${hide[@]}" bash -c "$run_npm_test" "$work/ja4-workstation" "$corpus" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
summary=$(grep -E '^tests: [0-9]+ passed, [0-9]+ failed' "$log" | tail -1 || true)
echo "bare clone: npm test exit $rc in $((SECONDS - t0)) s; $summary"
if [ "$rc" != 0 ] || ! [[ $summary =~ ^tests:\ [0-9]+\ passed,\ 0\ failed ]] ||
  ! [[ $summary =~ need\ the\ reference\ corpus ]]; then
  echo "bare clone: FAILED (log: $log)" >&2
  exit 1
fi
