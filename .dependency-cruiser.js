// The module dependency rules of TradePulse, in one place (docs/architecture.md draws them).
// ESLint no longer carries import rules: everything about which file may import which lives
// here, and `depcruise src` (make architecture-check) enforces it. ESLint keeps the rest, the
// wall clock and Math.random bans included, because those are not imports.
//
// A module is a folder directly under src/. Each one may import itself and the modules listed
// for it below, nothing else; the table is a DAG, so modules cannot form a cycle. A new folder
// under src/ must be added to the table before anything may import it.

/** @typedef {{ mayImport: readonly string[], why: string }} Layer */

// The modules below the outermost adapters.
const INNER = [
  'domain',
  'data',
  'indicators',
  'plugins',
  'execution',
  'strategy',
  'backtest',
  'research',
  'analytics',
]

/**
 * Listed inside out: a module may import only modules listed above it, which makes the table a
 * DAG (checked below), so no two modules can each be allowed to import the other.
 * @type {Readonly<Record<string, Layer>>}
 */
export const LAYERS = {
  domain: { mayImport: [], why: 'The domain imports nothing outside itself.' },
  client: {
    mayImport: [],
    why: 'The typed HTTP client is generated from the OpenAPI document and imports only its own files.',
  },
  data: { mayImport: ['domain'], why: 'The data layer depends on the domain only.' },
  indicators: {
    mayImport: ['domain', 'data'],
    why: 'Indicators are pure computation over the domain and the pure parts of the data layer.',
  },
  plugins: {
    mayImport: ['domain', 'data', 'indicators'],
    why: 'Plugins are checked against the allowlist and loaded into the indicator registry; strategies load through them.',
  },
  execution: { mayImport: ['domain'], why: 'The execution core depends on the domain only.' },
  strategy: {
    mayImport: ['domain', 'data', 'indicators', 'plugins', 'execution'],
    why: 'Strategies sit on the core (domain, data, indicators, execution), never the reverse.',
  },
  backtest: {
    mayImport: ['domain', 'data', 'indicators', 'plugins', 'execution', 'strategy'],
    why: 'The backtest runs strategies on the core; nothing in the core knows it exists.',
  },
  research: {
    mayImport: ['domain', 'data', 'indicators', 'plugins', 'execution', 'strategy', 'backtest'],
    why: 'Research (sweeps, walk-forward, optimisation) drives backtests of strategies.',
  },
  analytics: {
    mayImport: ['domain', 'data', 'indicators', 'execution', 'strategy', 'backtest', 'research'],
    why: 'Analytics (costs, risk, attribution) read what runs and journals recorded; only adapters read analytics.',
  },
  // The store persists what the service and the CLI keep (runs, orders, jobs, keys) on SQLite or
  // PostgreSQL; observability instruments the core; venues connect it to exchanges. The adapters
  // that serve people use them: the HTTP API, and the CLI (which also starts the API).
  store: { mayImport: INNER, why: 'The store is a persistence adapter over the inner modules.' },
  observability: { mayImport: INNER, why: 'Observability instruments the inner modules.' },
  venues: { mayImport: INNER, why: 'Live venues are adapters of the execution core.' },
  live: {
    mayImport: [
      'domain',
      'data',
      'indicators',
      'plugins',
      'execution',
      'strategy',
      'observability',
      'venues',
    ],
    why: 'Live runs host a strategy on the core, fed by replayed or exchange data, on the paper venue or an exchange.',
  },
  api: {
    mayImport: [...INNER, 'store', 'observability', 'venues'],
    why: 'The HTTP API serves the inner modules over the store, observability and the venues.',
  },
  cli: {
    mayImport: [...INNER, 'store', 'observability', 'venues', 'live', 'api'],
    why: 'The CLI is the outermost adapter; nothing imports it.',
  },
}

// Test files and test helpers may reach across layers (an end-to-end test in src/backtest drives
// the CLI through src/cli/testing), so *.test.ts files are left out of the cruise altogether and
// the graph and its rules are those of the code that ships. Helpers under testing/ stay in the
// graph so that a production import of one is caught.
const TEST_FILE = '\\.test\\.ts$'
const TEST_ONLY = '(\\.test\\.ts$|/testing/|/fixtures/)'

// src/strategy/index.ts publishes the strategy test driver (src/strategy/testing/driver.ts) for
// strategy authors: the one production import of a testing/ helper, kept until the driver has an
// entry point of its own.
const KNOWN_TEST_HELPER_IMPORTERS = ['^src/strategy/index\\.ts$']

// The parts of src/data that do no I/O (docs/architecture.md); indicators may read only these.
const PURE_DATA =
  '^src/data/(bar-series\\.ts|bar-series-builder\\.ts|bar-rules\\.ts|resample\\.ts|gaps\\.ts|summary\\.ts|common-step\\.ts|simulator/)'

const names = Object.keys(LAYERS)
for (const [index, name] of names.entries()) {
  for (const target of LAYERS[name]?.mayImport ?? []) {
    if (!names.slice(0, index).includes(target)) {
      throw new Error(
        `LAYERS in .dependency-cruiser.js: ${name} may import only modules listed above it, not ${target}`,
      )
    }
  }
}

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
const layerRules = names.map((name) => {
  const layer = /** @type {Layer} */ (LAYERS[name])
  const forbidden = names.filter((other) => other !== name && !layer.mayImport.includes(other))
  return {
    name: `layer-${name}`,
    comment: `${layer.why} src/${name} may import: ${layer.mayImport.join(', ') || 'nothing else'}.`,
    severity: 'error',
    from: { path: `^src/${name}/`, pathNot: TEST_ONLY },
    to: { path: `^src/(${forbidden.join('|')})/` },
  }
})

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    ...layerRules,
    {
      name: 'module-declared',
      comment:
        'Every folder under src/ has a row in LAYERS (.dependency-cruiser.js) saying what it may import.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: `^src/(?!(${names.join('|')})/)[^/]+/` },
    },
    {
      name: 'entry-not-imported',
      comment: 'src/index.ts is the package entry; code inside src/ imports the module it needs.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/index\\.ts$' },
    },
    {
      name: 'no-module-cycle',
      comment: 'Modules (folders under src/) form no cycle.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/[^/]+/?$' },
      to: { path: '^src/[^/]+/?$', circular: true },
    },
    {
      name: 'no-file-cycle',
      comment:
        'No run-time cycle between files either (a cycle of type-only imports is erased on emit and harmless).',
      severity: 'error',
      from: { path: '^src/', pathNot: TEST_ONLY },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-test-code-in-production',
      comment: 'Production code never imports tests, testing/ helpers, fixtures or test libraries.',
      severity: 'error',
      from: { path: '^src/', pathNot: [TEST_ONLY, ...KNOWN_TEST_HELPER_IMPORTERS] },
      to: { path: [TEST_ONLY, '^node_modules/(vitest|fast-check|@vitest)/'] },
    },
    {
      name: 'domain-no-io',
      comment: 'The domain does no I/O and uses no package: time, money and ids are plain values.',
      severity: 'error',
      from: { path: '^src/domain/', pathNot: TEST_ONLY },
      to: { dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg'] },
    },
    {
      name: 'pure-data-no-io',
      comment: 'Bar series, resampling, gaps, summaries and the simulator do no I/O.',
      severity: 'error',
      from: { path: PURE_DATA, pathNot: TEST_ONLY },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'indicators-no-io',
      comment: 'Indicators do no I/O and read only the pure parts of the data layer.',
      severity: 'error',
      from: { path: '^src/indicators/', pathNot: TEST_ONLY },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'indicators-pure-data-only',
      comment: 'Indicators read bar series and resampling, never the file adapters of the data layer.',
      severity: 'error',
      from: { path: '^src/indicators/', pathNot: TEST_ONLY },
      to: { path: '^src/data/', pathNot: PURE_DATA },
    },
    {
      name: 'execution-no-io',
      comment: 'The execution core is pure; its one file adapter is the journal (src/execution/journal).',
      severity: 'error',
      from: { path: '^src/execution/', pathNot: [TEST_ONLY, '^src/execution/journal/'] },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'terminal-packages-in-cli',
      comment: 'commander and cli-progress belong to the CLI; no other module knows a terminal exists.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/cli/', TEST_ONLY] },
      to: { path: '^node_modules/(commander|cli-progress)/' },
    },
    {
      name: 'no-unresolvable',
      comment: 'Every import resolves to a file or an installed package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^(dist|coverage|node_modules)/', TEST_FILE] },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
}
