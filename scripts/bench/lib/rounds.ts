/**
 * Alternated rounds and paired ratios, shared by the benchmark runners: each round rotates the order in which the
 * clients run (so none always goes first on a warm or cold machine), and a ratio is the median over rounds of a ÷ b
 * measured in the same round, so machine load cancels out better than in a ratio of medians.
 */
import { median } from './stats.js';

/** `items` in the order round `round` runs them: rotated left by `round`. */
export function rotated<T>(items: readonly T[], round: number): T[] {
  return items.map((_, k) => items[(round + k) % items.length] as T);
}

/** Results per key, one per round, in round order. */
export class RoundResults<R> {
  private readonly byKey = new Map<string, R[]>();

  add(key: string, result: R): void {
    this.byKey.set(key, [...(this.byKey.get(key) ?? []), result]);
  }

  get(key: string): R[] {
    return this.byKey.get(key) ?? [];
  }
}

/** Median over rounds of `value(a[i]) / value(b[i])` (the i-th runs of both, from the same round). */
export function pairedRatio<R>(a: readonly R[], b: readonly R[], value: (r: R) => number): number {
  return median(a.map((x, i) => value(x) / (i < b.length ? value(b[i] as R) : NaN)));
}

/** The "correct runs" cell: `5/5`, or `4/5: <first error>`. */
export function correctRuns(runs: readonly { ok: boolean; error?: string }[]): string {
  const bad = runs.filter((r) => !r.ok);
  return bad.length === 0 ? `${runs.length}/${runs.length}` : `${runs.length - bad.length}/${runs.length}: ${bad[0]?.error ?? ''}`;
}
