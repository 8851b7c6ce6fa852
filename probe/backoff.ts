/** Exponential backoff with jitter: 1 s, 2 s, 4 s ... capped at 30 s, each drawn from [half, whole]. */
export function backoffDelayMs(attempt: number, random: () => number = Math.random,
  { baseMs = 1000, capMs = 30000 } = {}): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
