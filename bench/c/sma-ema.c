/*
 * The limit for the indicator benchmark: SMA and EMA as plain C loops, compiled by the benchmark
 * with `cc -O2`. The same computations as src/indicators/classic/{sma,ema}.ts (a running sum; an
 * EMA seeded with the SMA of the first `period` values), written the textbook way — the EMA as the
 * one-step recurrence, where ours takes two steps per iteration — so the outputs agree to rounding.
 * Timed two ways, like the TypeScript functions: producing a new output array each call (the
 * allocation and the first touch of its pages are part of the work), and writing into a buffer
 * reused across calls.
 *
 *   sma-ema FILE N PERIOD REPS  → one JSON line: best milliseconds per indicator and checksums
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void sma(const double *x, double *out, long n, long period) {
  double sum = 0;
  long warm = period - 1 < n ? period - 1 : n;
  for (long i = 0; i < warm; i++) {
    sum += x[i];
    out[i] = NAN;
  }
  if (warm < n) {
    sum += x[warm];
    out[warm] = sum / period;
  }
  for (long i = period; i < n; i++) {
    sum += x[i];
    sum -= x[i - period];
    out[i] = sum / period;
  }
}

static void ema(const double *x, double *out, long n, long period) {
  double alpha = 2.0 / (period + 1), sum = 0;
  long warm = period - 1 < n ? period - 1 : n;
  for (long i = 0; i < warm; i++) {
    sum += x[i];
    out[i] = NAN;
  }
  if (warm == n) return;
  sum += x[warm];
  double value = sum / period;
  out[warm] = value;
  for (long i = period; i < n; i++) {
    value += alpha * (x[i] - value);
    out[i] = value;
  }
}

static double checksum(const double *out, long n) {
  double s = 0;
  for (long i = 0; i < n; i++)
    if (!isnan(out[i])) s += out[i];
  return s;
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s FILE N PERIOD REPS\n", argv[0]);
    return 2;
  }
  long n = atol(argv[2]), period = atol(argv[3]), reps = atol(argv[4]);
  double *x = malloc(n * sizeof *x), *out;
  FILE *f = fopen(argv[1], "rb");
  if (!f || fread(x, sizeof *x, n, f) != (size_t)n) {
    fprintf(stderr, "cannot read %ld doubles from %s\n", n, argv[1]);
    return 1;
  }
  fclose(f);
  double best_sma = 1e300, best_ema = 1e300, sum_sma = 0, sum_ema = 0;
  double best_sma_reuse = 1e300, best_ema_reuse = 1e300;
  double *reused = malloc(n * sizeof *reused);
  for (long i = 0; i < n; i++) reused[i] = 0;
  for (long r = 0; r < reps; r++) {
    double s0 = now_ms();
    sma(x, reused, n, period);
    double s1 = now_ms();
    if (s1 - s0 < best_sma_reuse) best_sma_reuse = s1 - s0;
    s0 = now_ms();
    ema(x, reused, n, period);
    s1 = now_ms();
    if (s1 - s0 < best_ema_reuse) best_ema_reuse = s1 - s0;
    double t0 = now_ms();
    out = malloc(n * sizeof *out);
    sma(x, out, n, period);
    double t1 = now_ms();
    if (t1 - t0 < best_sma) best_sma = t1 - t0;
    sum_sma = checksum(out, n);
    free(out);
    t0 = now_ms();
    out = malloc(n * sizeof *out);
    ema(x, out, n, period);
    t1 = now_ms();
    if (t1 - t0 < best_ema) best_ema = t1 - t0;
    sum_ema = checksum(out, n);
    free(out);
  }
  printf("{\"smaMs\":%.6f,\"emaMs\":%.6f,\"smaReuseMs\":%.6f,\"emaReuseMs\":%.6f,"
         "\"smaChecksum\":%.17g,\"emaChecksum\":%.17g,\"reusedChecksum\":%.17g}\n",
         best_sma, best_ema, best_sma_reuse, best_ema_reuse, sum_sma, sum_ema, checksum(reused, n));
  return 0;
}
