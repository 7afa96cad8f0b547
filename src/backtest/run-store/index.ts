export { MAX_JSON_EQUITY_POINTS, RUN_FILES } from './files.ts'
export { type StoredRun, readRun } from './read-run.ts'
export { RUN_ID_LENGTH, canonicalJson, runId } from './run-id.ts'
export { type RunInfo, type WriteRunOptions, writeRun } from './write-run.ts'
