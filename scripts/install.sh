#!/usr/bin/env bash
# npm ci without install scripts (.npmrc: ignore-scripts=true), then the install scripts that
# config/supply-chain.json allowlists, and only those. Extra arguments go to npm ci.
set -euo pipefail
cd "$(dirname "$0")/.."
# npm runs under the machine's Node, often older than 24: its engine warnings are expected.
npm ci --no-audit --no-fund --loglevel=error "$@"
allowed=$(sed -n '/"installScripts"/,/}/s/^ *"\([^"]*\)": ".*/\1/p' config/supply-chain.json)
# shellcheck disable=SC2086 # one package name per word
npm rebuild --ignore-scripts=false --loglevel=error $allowed
touch node_modules/.package-lock.json
