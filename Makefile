# TradePulse — the one entry point. `make help` lists the targets.
#
# Node 24 comes from the npm registry as a devDependency (`node`), so every target runs with
# node_modules/.bin first on PATH: the machine's own Node only has to be able to run `npm ci`.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)

INSTALLED := node_modules/.package-lock.json
CLI := node src/cli/bin.ts
UNIVERSE_ARGS := --assets 6 --bars 4320 --seed 20240102 --interval 1m --start 2024-01-02T00:00:00Z
DEMO_OUT := .demo

.DEFAULT_GOAL := help
.PHONY: help version onboard hooks setup services browser web serve-demo deps-check plugins-check codegen codegen-check docs-architecture api-report architecture-check api-check audit sbom release profile-cpu profile-mem bench-check bench-baseline build test test-all lint lint-fix typecheck unit coverage execution-e2e obs-validate data-init data-check demo bench clean gameday

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-17s %s\n", $$1, $$2}'

$(INSTALLED): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: install Node.js and npm (e.g. apt-get install nodejs npm)" >&2; exit 1; }
	bash scripts/install.sh

setup: $(INSTALLED) ## Install dependencies (including Node 24) with npm ci
	@echo "node $$(node --version) from $$(command -v node)"

build: setup ## Compile src/ to dist/ (the published package and the bin)
	tsc -p tsconfig.build.json

web: setup ## Build the web dashboard (web/, Preact + Vite) into dist/web/, which `tradepulse serve` serves at /
	vite build --config vite.web.config.ts

lint: setup ## The pre-commit hook set (lefthook.yml: prettier, eslint, tsc) over every file
	lefthook run pre-commit --all-files --no-auto-install

version: setup ## Fold the pending changesets (.changeset/*.md) into CHANGELOG.md and bump the version
	changeset version

onboard: ## Check tools, install, scaffold .tradepulse/ from the examples, smoke-test, summarise
	bash scripts/onboard.sh

hooks: setup ## Install the git hooks of lefthook.yml (format, lint and types on staged files)
	lefthook install

lint-fix: setup ## Apply ESLint fixes and Prettier formatting
	eslint --fix .
	prettier --write .

typecheck: setup ## TypeScript strict type check, no emit (the project, then the dashboard's web/ with DOM types)
	tsc -p .
	tsc -p web

# Debian packages the tests start for real: Chromium (report and dashboard browser tests),
# redis-server (distributed sweep workers), PostgreSQL (the store's second backend) and Prometheus
# with promtool (alert rules, the observability end-to-end check), each
# started by the tests on loopback. Entries are `path-pattern:package`.
DEBIAN_PACKAGES := /usr/bin/chromium:chromium /usr/bin/redis-server:redis-server /usr/lib/postgresql/*/bin/initdb:postgresql /usr/bin/promtool:prometheus

services: ## Debian's chromium, redis-server, postgresql and prometheus for the tests that start them (apt-get, as root), if missing
	@missing=""; for entry in $(DEBIAN_PACKAGES); do \
	  compgen -G "$${entry%%:*}" >/dev/null || missing="$$missing $${entry##*:}"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    DEBIAN_FRONTEND=noninteractive apt-get update </dev/null && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing </dev/null; \
	  else echo "the tests need Debian's$$missing: sudo apt-get install$$missing" >&2; exit 1; fi; \
	fi

browser: services ## Alias of services (Chromium for the browser tests)

unit: setup services web ## Run the test suite without the coverage gate
	vitest run

coverage: setup services web ## Run the test suite with the coverage gate (80% lines and branches)
	vitest run --coverage --reporter=default --reporter=json --outputFile.json=coverage/test-results.json
	@node scripts/test-summary.ts coverage/test-results.json

test: lint web deps-check plugins-check codegen-check architecture-check api-check obs-validate audit coverage ## Lint and types (the hook set), dependency, plugin, codegen, architecture, API and observability gates, audit, tests and coverage gate: what CI runs

deps-check: setup ## Dependency gate: registry sources with integrity, license allowlist, allowlisted install scripts
	node scripts/supply-chain/gate.ts

codegen: setup ## Regenerate openapi/v1.json from the service and the typed client src/client/paths.ts from it
	node scripts/codegen/openapi.ts
	node scripts/codegen/client.ts

codegen-check: setup ## Fail, with a diff, when openapi/v1.json or src/client/paths.ts is stale
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  node scripts/codegen/openapi.ts --out "$$tmp/v1.json" 2>/dev/null && \
	  node scripts/codegen/client.ts --spec "$$tmp/v1.json" --out "$$tmp/paths.ts" 2>/dev/null && \
	  stale=0 && \
	  for pair in openapi/v1.json:v1.json src/client/paths.ts:paths.ts; do \
	    file=$${pair%%:*}; \
	    if ! diff -u --label "$$file (committed)" --label "$$file (generated)" "$$file" "$$tmp/$${pair##*:}"; then \
	      echo "$$file is stale: run make codegen and commit it" >&2; stale=1; fi; \
	  done && \
	  [ "$$stale" = 0 ] && echo "openapi/v1.json and src/client/paths.ts are up to date"

docs-architecture: setup ## Regenerate docs/architecture/ from the code (module graph, C4 diagrams, entry points)
	node scripts/architecture/generate.ts

api-report: setup ## Regenerate the public API reports docs/api/<entry>.api.md
	node scripts/architecture/api-report.ts

architecture-check: setup ## Dependency rules (.dependency-cruiser.js) hold and docs/architecture/ is up to date
	depcruise src --config .dependency-cruiser.js
	node scripts/architecture/check.ts

api-check: setup ## Fail when an export changed without its API report
	node scripts/architecture/api-report.ts --check

plugins-check: setup ## Every plugin in tradepulse.config.json still has the integrity it was pinned with
	$(CLI) plugins verify

audit: setup ## npm audit for critical advisories; says NOT RUN (never passed) when the service is unreachable
	node scripts/supply-chain/audit.ts

sbom: setup ## CycloneDX SBOM of the production dependencies, checked against the lockfile (reports/sbom/)
	node scripts/supply-chain/sbom.ts reports/sbom/tradepulse.cdx.json

release: build sbom ## Package tarball with its SBOM and SHA-256 checksums in reports/release/
	@rm -rf reports/release && mkdir -p reports/release
	npm pack --pack-destination reports/release --loglevel=error
	cp reports/sbom/tradepulse.cdx.json reports/release/
	cd reports/release && sha256sum -- *.tgz *.cdx.json > SHA256SUMS && cat SHA256SUMS

obs-validate: setup services ## Prometheus rules (promtool check and test), dashboards regenerated and compared, metric and runbook checks, and the kill-switch alert in a real Prometheus
	node scripts/observability/validate.ts
	tsc --noEmit -p observability
	vitest run src/observability/kill-switch-alert.e2e.test.ts

gameday: setup services ## Inject each fault of docs/gameday/ on loopback (real serve, Prometheus, PostgreSQL, Redis), check detection, recovery and that nothing was lost; postmortems in .gameday/
	node scripts/gameday/run.ts --out .gameday

execution-e2e: setup ## End-to-end suite of the execution core: strategy → risk → simulated exchange → portfolio, journal recovery, crash
	vitest run src/execution/e2e

data-check: setup ## Regenerate the bundled universe in a temp dir and compare it byte for byte
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  $(CLI) data generate $(UNIVERSE_ARGS) --out "$$tmp" >/dev/null && \
	  diff -r data/universe "$$tmp" && echo "data/universe is reproducible"

test-all: test build data-check ## Everything in test, plus the build, the examples, the data check and a short benchmark
	node bin/tradepulse.js --version
	for example in examples/*.ts; do echo "$$example"; node "$$example"; done
	node bench/run.ts --rows 200000 --points 200000 --bars 20000

data-init: setup ## Regenerate the bundled simulated universe in data/universe
	$(CLI) data generate $(UNIVERSE_ARGS) --out data/universe

demo: setup web ## Validate, resample, summarise and analyse the bundled data, then backtest the regime strategy on it and write the report
	@mkdir -p $(DEMO_OUT)
	$(CLI) data validate data/sp500-2000.csv
	$(CLI) data resample data/sp500-2000.csv --to 1w --out $(DEMO_OUT)/sp500-weekly.csv
	$(CLI) data info $(DEMO_OUT)/sp500-weekly.csv
	$(CLI) data info data/sp500-2000.csv
	$(CLI) indicators compute rsi data/sp500-2000.csv --params '{"period": 14}' --out $(DEMO_OUT)/sp500-rsi.csv
	$(CLI) analyze data/universe
	$(CLI) backtest --strategy regime --data data/sp500-2000.csv --config examples/backtest.json --out $(DEMO_OUT)/runs

serve-demo: setup web ## Serve the dashboard with the bundled data, a finished backtest and a small sweep; prints the URL and a new admin key
	node scripts/demo/serve-demo.ts --data-dir $(DEMO_OUT)/service

bench: setup ## Benchmarks (ingestion vs csv-parse); ratios matter, absolute figures vary by machine
	node --max-old-space-size=12288 bench/run.ts

WORKLOAD ?= backtest

profile-cpu: setup ## CPU profile and flame graph of a workload (WORKLOAD=ingest|indicators|backtest|matching|execution) in reports/profiles/
	node scripts/perf/profile.ts --workload $(WORKLOAD) --kind cpu

profile-mem: setup ## Heap profile and flame graph of a workload (WORKLOAD=…) in reports/profiles/
	node scripts/perf/profile.ts --workload $(WORKLOAD) --kind mem

bench-check: setup ## Benchmark ratios (median of 3 runs) against reports/performance/baseline.json; exit 1 on a regression
	node scripts/perf/bench-check.ts --runs 3

bench-baseline: setup ## Measure the benchmark ratios 5 times and rewrite reports/performance/baseline.json
	node scripts/perf/bench-check.ts --calibrate 5

clean: ## Remove build output, coverage and benchmark files
	rm -rf dist coverage .bench $(DEMO_OUT)
