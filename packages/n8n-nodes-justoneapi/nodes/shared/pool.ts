import { createHash } from 'node:crypto';

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
 * Pacing (Options > Max Requests per Second): one lane per API target (base URL and token hash) in this
 * process, shared by every execution and item that calls it, so a worker sends at most the set rate
 * however many executions it runs. Each request reserves the next slot, first come first served
 * (paceDelay), and waits until then: slots are evenly spaced, (1 s + PACING_MARGIN_MS) ÷ rate apart
 * (even spacing measured best: bursts reach the API spread out by the process's own work and crowd the
 * next second). When it wakes, paceHold checks the API's own rule, at most `room` = ceil(rate) requests
 * in any `room` × (1 s + margin) ÷ rate, against the times requests really left: a busy process wakes
 * late, and a late request must not crowd the next ones into one second of the API's count. The lane
 * holds no timer: a request waits with the host's sleep, and a lane idle for a whole window is dropped.
 */
interface Lane {
  /** The earliest time the next reservation may go. */
  next: number;
  /** When the latest requests really left, latest last (at most `room` kept). */
  sent: number[];
  window: number;
}
const lanes = new Map<string, Lane>();

/**
 * The lane of an API target: its base URL and a hash of the token (requests with one token share the
 * API's rate limit), so the process's lane table never holds the token itself.
 */
export function laneKey(baseUrl: string, token: string): string {
  return `${baseUrl}\n${createHash('sha256').update(token).digest('hex').slice(0, 32)}`;
}

/** Added to the one-second window the API counts in, so that jitter on the way does not push a request into it. */
export const PACING_MARGIN_MS = 25;

const rule = (perSecond: number) => {
  const room = Math.max(1, Math.ceil(perSecond));
  return { room, window: (room * (1000 + PACING_MARGIN_MS)) / perSecond };
};

function laneOf(key: string, perSecond: number, now: number): Lane {
  for (const [k, l] of lanes) if (l.next <= now && (l.sent.at(-1) ?? 0) <= now - l.window) lanes.delete(k);
  let lane = lanes.get(key);
  if (!lane) lanes.set(key, (lane = { next: now, sent: [], window: 0 }));
  lane.window = Math.max(lane.window, rule(perSecond).window);
  return lane;
}

/** Milliseconds to wait before sending one request to `key` at `perSecond` (which reserves that slot). */
export function paceDelay(key: string, perSecond: number, now: number = Date.now()): number {
  const lane = laneOf(key, perSecond, now);
  const slot = Math.max(now, lane.next);
  lane.next = slot + (1000 + PACING_MARGIN_MS) / perSecond;
  return Math.ceil(slot - now);
}

/**
 * At the reserved slot: 0 when the request may leave now (and it is counted as sent), else the
 * milliseconds until the requests that really left allow it.
 */
export function paceHold(key: string, perSecond: number, now: number = Date.now()): number {
  const { sent } = laneOf(key, perSecond, now);
  const { room, window } = rule(perSecond);
  const at = sent.length >= room ? sent[sent.length - room]! + window : now;
  if (at > now) return Math.ceil(at - now);
  sent.push(now);
  if (sent.length > room) sent.splice(0, sent.length - room);
  return 0;
}
