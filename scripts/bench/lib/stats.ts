/** Numbers and their formatting, shared by the benchmark runners (scripts/bench/run.ts, short/, responses/). */

/** Median of the finite values (NaN, from failed runs, is left out); NaN when none is left. */
export function median(values: number[]): number {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return NaN;
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 ? (xs[mid] as number) : ((xs[mid - 1] as number) + (xs[mid] as number)) / 2;
}

/** `n` with `digits` decimals, or `n/a`. */
export function fmt(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : 'n/a';
}

/** A ratio as `1.23×`, or `n/a`. */
export function ratio(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(2)}×` : 'n/a';
}
