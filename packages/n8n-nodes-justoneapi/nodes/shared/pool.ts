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
 * however many executions it runs. It keeps the API's own rule (at most N requests in any second) with a
 * margin: at most `room` = ceil(rate) requests in any `room` × (1 s + PACING_MARGIN_MS) ÷ rate (1.05 s
 * for a whole rate). Each request reserves the first slot that keeps the rule, first come first served
 * (paceDelay), and waits until then; when it wakes, paceHold checks the same rule against the times
 * requests really left (a busy process wakes late: a late request must not crowd the next ones into
 * one second of the API's count). The lane holds no timer: a request waits with the host's sleep, and a
 * lane idle for a whole window is dropped.
 */
interface Lane {
  /** Reserved slots, latest last (at most `room` kept). */
  slots: number[];
  /** When the latest requests really left, latest last (at most `room` kept). */
  sent: number[];
  window: number;
}
const lanes = new Map<string, Lane>();

/** Added to the one-second window the API counts in, so that jitter on the way does not push a request into it. */
export const PACING_MARGIN_MS = 50;

const rule = (perSecond: number) => {
  const room = Math.max(1, Math.ceil(perSecond));
  return { room, window: (room * (1000 + PACING_MARGIN_MS)) / perSecond };
};

function laneOf(key: string, perSecond: number, now: number): Lane {
  for (const [k, l] of lanes)
    if (Math.max(l.slots.at(-1) ?? 0, l.sent.at(-1) ?? 0) <= now - l.window) lanes.delete(k);
  let lane = lanes.get(key);
  if (!lane) lanes.set(key, (lane = { slots: [], sent: [], window: 0 }));
  lane.window = Math.max(lane.window, rule(perSecond).window);
  return lane;
}

/** The time `log` (latest last) has room for one more under the rule, and that time added to it. */
function take(log: number[], perSecond: number, now: number, reserve: boolean): number {
  const { room, window } = rule(perSecond);
  const at = log.length >= room ? Math.max(now, log[log.length - room]! + window) : now;
  if (reserve || at <= now) {
    log.push(at);
    if (log.length > room) log.splice(0, log.length - room);
  }
  return at;
}

/** Milliseconds to wait before sending one request to `key` at `perSecond` (which reserves that slot). */
export function paceDelay(key: string, perSecond: number, now: number = Date.now()): number {
  return Math.ceil(take(laneOf(key, perSecond, now).slots, perSecond, now, true) - now);
}

/**
 * At the reserved slot: 0 when the request may leave now (and it is counted as sent), else the
 * milliseconds until the requests that really left allow it.
 */
export function paceHold(key: string, perSecond: number, now: number = Date.now()): number {
  return Math.ceil(take(laneOf(key, perSecond, now).sent, perSecond, now, false) - now);
}
