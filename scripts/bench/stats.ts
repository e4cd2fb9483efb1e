/** Nearest-rank percentile of unsorted samples (milliseconds), or NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const ms = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');

export const sleep = (millis: number): Promise<void> => new Promise((r) => setTimeout(r, millis));
