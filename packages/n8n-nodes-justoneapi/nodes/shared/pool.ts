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
 * however many executions it runs. Each request reserves the next free slot, first come first served
 * (paceDelay), and waits until then: slots are spaced evenly, (1 s + PACING_MARGIN_MS) / rate apart.
 * When it wakes, paceHold checks the times requests really left (a busy process wakes late, and a late
 * request must not crowd the next ones into one second of the API's count): at most ceil(rate) in any
 * 1 s + margin. The lane holds no timer: a request waits with the host's sleep; an idle lane is dropped.
 */
interface Lane {
  /** The earliest time the next reservation may go. */
  next: number;
  /** When the latest requests really left, oldest first (at most ceil(rate) kept). */
  sent: number[];
}
const lanes = new Map<string, Lane>();

/** Added to the one-second window the API counts in, so that network jitter does not push a request into it. */
export const PACING_MARGIN_MS = 25;
const WINDOW_MS = 1000 + PACING_MARGIN_MS;

/** Milliseconds to wait before sending one request to `key` at `perSecond` (which reserves that slot). */
export function paceDelay(key: string, perSecond: number, now: number = Date.now()): number {
  for (const [k, lane] of lanes)
    if (lane.next <= now && (lane.sent.at(-1) ?? 0) <= now - WINDOW_MS) lanes.delete(k);
  let lane = lanes.get(key);
  if (!lane) lanes.set(key, (lane = { next: now, sent: [] }));
  const slot = Math.max(now, lane.next);
  lane.next = slot + WINDOW_MS / perSecond;
  return Math.ceil(slot - now);
}

/**
 * At the reserved slot: 0 when the request may leave now (and it is counted as sent), else the
 * milliseconds until the window of the API's count has room for it.
 */
export function paceHold(key: string, perSecond: number, now: number = Date.now()): number {
  let lane = lanes.get(key);
  if (!lane) lanes.set(key, (lane = { next: now, sent: [] }));
  const room = Math.max(1, Math.ceil(perSecond));
  const oldest = lane.sent.length >= room ? lane.sent[lane.sent.length - room]! : undefined;
  if (oldest !== undefined && now < oldest + WINDOW_MS) return Math.ceil(oldest + WINDOW_MS - now);
  lane.sent.push(now);
  if (lane.sent.length > room) lane.sent.splice(0, lane.sent.length - room);
  return 0;
}
