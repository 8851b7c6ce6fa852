/** A monotonic clock in ms; process.hrtime rather than the performance global, which loads ten modules on Node 20. */
export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/**
 * Calls `onExpire` once `deadlineMs` (on nowMs's clock) has passed, never before: a Node timer counts from
 * the event loop's clock, truncated to the millisecond, so it can fire up to a millisecond early; a timeout
 * reported as "2 s" must have waited 2 s by the clock its latency is measured with. Returns the cancel.
 */
export function atDeadline(deadlineMs: number, onExpire: () => void): () => void {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const left = deadlineMs - nowMs();
    if (left <= 0) onExpire();
    else timer = setTimeout(arm, Math.ceil(left));
  };
  timer = setTimeout(arm, Math.max(0, Math.ceil(deadlineMs - nowMs())));
  return () => clearTimeout(timer);
}
