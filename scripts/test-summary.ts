/**
 * Prints the closing line of a test run, `tests: N passed, N failed[, N skipped]`, from Vitest's
 * JSON report, so logs end with a count any reader (or CI) can find without parsing colours.
 * Usage: node scripts/test-summary.ts coverage/test-results.json
 */
import { readFileSync } from 'node:fs'

interface VitestJsonReport {
  readonly numPassedTests: number
  readonly numFailedTests: number
  readonly numPendingTests: number
  readonly numTodoTests: number
}

const file = process.argv[2] ?? 'coverage/test-results.json'
const report = JSON.parse(readFileSync(file, 'utf8')) as VitestJsonReport
const skipped = report.numPendingTests + report.numTodoTests
console.log(
  `tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`,
)
