/**
 * Runs task(i) for i in 0..count-1 with at most `limit` in flight; results keep input order.
 * The first failure rejects at once; after it no further item starts, and `stopped()` (passed to every
 * task) turns true, so a running item can give up before its next paid request.
 */
export async function mapWithConcurrency<T>(
  count: number,
  limit: number,
  task: (i: number, stopped: () => boolean) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  let failed = false;
  const stopped = () => failed;
  const worker = async () => {
    while (next < count && !failed) {
      const i = next++;
      results[i] = await task(i, stopped).catch((error: unknown) => {
        failed = true;
        throw error;
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, worker));
  return results;
}

/**
 * Pacing (Options > Max Requests per Second): one lane per API target (base URL and token) in this
 * process, shared by every execution and item that calls it, so a worker sends at most the set rate
 * however many executions it runs. Each request reserves the next free slot, first come first served,
 * and waits until then: slots are spaced evenly, (1 s + PACING_MARGIN_MS) / rate apart, so that any
 * second holds at most `rate` of them even when answers come back with some jitter. The lane holds no
 * timer: a request waits with the host's sleep; a lane idle past its last slot is dropped.
 */
interface Lane {
  /** The earliest time the next request may go. */
  next: number;
}
const lanes = new Map<string, Lane>();

/** Added to the one-second window the API counts in, so that network jitter does not push a request into it. */
export const PACING_MARGIN_MS = 25;

/** Milliseconds to wait before sending one request to `key` at `perSecond` (which reserves that slot). */
export function paceDelay(key: string, perSecond: number, now: number = Date.now()): number {
  for (const [k, lane] of lanes) if (lane.next <= now) lanes.delete(k);
  const lane = lanes.get(key) ?? { next: now };
  lanes.set(key, lane);
  const slot = Math.max(now, lane.next);
  lane.next = slot + (1000 + PACING_MARGIN_MS) / perSecond;
  return Math.ceil(slot - now);
}
