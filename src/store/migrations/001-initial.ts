/**
 * The service's first schema. Conventions (docs/store.md): ids are TEXT; integers, money (minor
 * units), quantities (lots), prices (ticks) and times (epoch milliseconds, `*_at`) are BIGINT;
 * JSON documents are TEXT; enumerations are TEXT with a CHECK.
 */
import type { Migration } from '../migration.ts'

export const migration: Migration = {
  version: 1,
  name: 'initial',
  up: [
    `CREATE TABLE api_keys (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      scopes TEXT NOT NULL,
      hash TEXT NOT NULL UNIQUE,
      created_at BIGINT NOT NULL,
      revoked_at BIGINT,
      last_used_at BIGINT
    )`,
    'CREATE INDEX api_keys_by_creation ON api_keys (created_at, id)',
    `CREATE TABLE datasets (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      format TEXT NOT NULL CHECK (format IN ('csv', 'parquet')),
      size_bytes BIGINT NOT NULL CHECK (size_bytes >= 0),
      row_count BIGINT NOT NULL CHECK (row_count >= 0),
      fingerprint TEXT NOT NULL,
      report TEXT NOT NULL,
      storage_path TEXT NOT NULL,
      created_at BIGINT NOT NULL
    )`,
    'CREATE INDEX datasets_by_creation ON datasets (created_at, id)',
    'CREATE INDEX datasets_by_fingerprint ON datasets (fingerprint)',
    `CREATE TABLE backtest_jobs (
      id TEXT PRIMARY KEY,
      status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
      request TEXT NOT NULL,
      progress DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
      run_id TEXT,
      error TEXT,
      created_at BIGINT NOT NULL,
      started_at BIGINT,
      finished_at BIGINT
    )`,
    'CREATE INDEX backtest_jobs_by_creation ON backtest_jobs (created_at, id)',
    'CREATE INDEX backtest_jobs_by_status ON backtest_jobs (status, created_at, id)',
    `CREATE TABLE orders (
      id TEXT PRIMARY KEY,
      owner TEXT NOT NULL,
      client_order_id TEXT NOT NULL,
      idempotency_key TEXT,
      instrument_id TEXT NOT NULL,
      side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
      type TEXT NOT NULL CHECK (type IN ('market', 'limit', 'stop', 'stop-limit', 'trailing-stop')),
      quantity_lots BIGINT NOT NULL CHECK (quantity_lots > 0),
      price_ticks BIGINT,
      status TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL,
      UNIQUE (owner, client_order_id),
      UNIQUE (owner, idempotency_key)
    )`,
    'CREATE INDEX orders_by_owner ON orders (owner, created_at, id)',
    `CREATE TABLE fills (
      id TEXT PRIMARY KEY,
      order_id TEXT NOT NULL REFERENCES orders (id),
      venue TEXT NOT NULL,
      trade_id TEXT NOT NULL,
      quantity_lots BIGINT NOT NULL CHECK (quantity_lots > 0),
      price_ticks BIGINT NOT NULL,
      fee_minor BIGINT NOT NULL,
      fee_currency TEXT NOT NULL,
      filled_at BIGINT NOT NULL,
      UNIQUE (venue, trade_id)
    )`,
    'CREATE INDEX fills_by_order ON fills (order_id, filled_at, id)',
    `CREATE TABLE idempotency_keys (
      owner TEXT NOT NULL,
      key TEXT NOT NULL,
      request_hash TEXT NOT NULL,
      response TEXT,
      created_at BIGINT NOT NULL,
      PRIMARY KEY (owner, key)
    )`,
    `CREATE TABLE journal_records (
      seq BIGINT PRIMARY KEY,
      record TEXT NOT NULL,
      crc BIGINT NOT NULL
    )`,
  ],
}
