#!/usr/bin/env bash
# `npm run bench`: every benchmark script (bench/<area>/*.bench.ts), one after the other so they do
# not compete for the 2 cores. Each prints its results; all output is kept in bench/out/.
# Select areas with arguments: npm run bench -- fingerprint storage
set -uo pipefail
cd "$(dirname "$0")/.."
# The detector benches compare with scikit-learn (Debian's python3-sklearn, run by /usr/bin/python3).
JA4WS_SKIP_BUILD=1 JA4WS_SETUP_EXTRA_DEBS="python3-sklearn" bash scripts/setup.sh || exit 1
mkdir -p bench/out
log="bench/out/bench-$(date -u +%Y%m%dT%H%M%SZ).log"
{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), node $(node --version)"
} | tee "$log"
areas=("$@")
[ ${#areas[@]} -eq 0 ] && mapfile -t areas < <(find bench -mindepth 1 -maxdepth 1 -type d ! -name out -printf '%f\n' | sort)
status=0
for area in "${areas[@]}"; do
  for script in $(find "bench/$area" -maxdepth 1 -name '*.bench.ts' | sort); do
    echo "== $script" | tee -a "$log"
    if ! node --import tsx "$script" 2>&1 | tee -a "$log"; then status=1; echo "!! $script failed" | tee -a "$log"; fi
  done
done
echo "results: $log"
exit $status
