#!/usr/bin/env bash
# Onboarding in one command (`make onboard`): checks the tools TradePulse needs and says exactly
# what is missing and how to get it, installs the dependencies, scaffolds a local configuration
# from the example, runs a smoke test and prints what works. Exits 0 when the essentials work;
# optional tools (the browser and Redis for some tests) are reported, not required.
set -uo pipefail
cd "$(dirname "$0")/.."

ok=() missing=() optional=()
have() { command -v "$1" >/dev/null 2>&1; }
step() { printf '\n== %s\n' "$1"; }

step "tools"
if have npm; then ok+=("npm $(npm --version)"); else missing+=("npm: apt-get install nodejs npm (any Node ≥ 18 can run npm ci; Node 24 arrives from the registry)"); fi
if have git; then ok+=("$(git --version)"); else missing+=("git: apt-get install git"); fi
if have make; then ok+=("$(make --version | head -1)"); else missing+=("make: apt-get install make"); fi
if [ -x /usr/bin/chromium ]; then ok+=("chromium (browser tests)"); else optional+=("chromium for the report's browser tests: make services (as root) or apt-get install chromium"); fi
if [ -x /usr/bin/redis-server ]; then ok+=("redis-server (distributed sweep tests)"); else optional+=("redis-server for the distributed sweep tests: make services (as root) or apt-get install redis-server"); fi
if [ ${#missing[@]} -gt 0 ]; then
  printf 'missing: %s\n' "${missing[@]}" >&2
  exit 1
fi
printf '  %s\n' "${ok[@]}"

step "install (npm ci)"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # shellcheck disable=SC2086 # flags are words
  bash scripts/install.sh ${ONBOARD_NPM_FLAGS:-} || { echo "npm ci failed: see above (is the npm registry reachable?)" >&2; exit 1; }
else
  echo "  node_modules is up to date"
fi
export PATH="$PWD/node_modules/.bin:$PATH"
node_version=$(node --version)
case "$node_version" in
  v24.*) echo "  node $node_version from node_modules/.bin" ;;
  *) echo "node_modules/.bin/node is $node_version, expected v24: rerun npm ci" >&2; exit 1 ;;
esac

step "local configuration"
mkdir -p .tradepulse
if [ -f .tradepulse/backtest.json ]; then
  echo "  .tradepulse/backtest.json exists: kept"
else
  cp examples/backtest.json .tradepulse/backtest.json
  echo "  .tradepulse/backtest.json from examples/backtest.json (your frictions for --config; not committed)"
fi

step "smoke test"
smoke=$(mktemp -d)
trap 'rm -rf "$smoke"' EXIT
node src/cli/bin.ts --version >/dev/null &&
  node src/cli/bin.ts data validate data/sp500-2000.csv >"$smoke/validate.txt" &&
  node src/cli/bin.ts backtest --strategy ma-crossover --data data/sp500-2000.csv \
    --config .tradepulse/backtest.json --out "$smoke/runs" --no-chart >"$smoke/backtest.txt" ||
  { echo "smoke test failed:" >&2; cat "$smoke"/*.txt >&2; exit 1; }
report=$(find "$smoke/runs" -name report.html | head -1)
[ -n "$report" ] || { echo "smoke test: the backtest wrote no report" >&2; exit 1; }
echo "  tradepulse $(node src/cli/bin.ts --version): data validated, ma-crossover backtested, report written"

step "summary"
echo "works: install, CLI, data validation, backtest and report"
if [ ${#optional[@]} -gt 0 ]; then printf 'optional, not installed: %s\n' "${optional[@]}"; fi
echo "next: make demo (the main job on bundled data), make test (what CI runs), make hooks (git hooks)"
