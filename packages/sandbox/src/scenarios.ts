/** A failure (or slowness) the sandbox plays for one token. */
export interface Scenario {
  /** Business code to answer with (302, 303, 600, 601, 500, 301, 400, 101 ...). */
  code?: number;
  /** Only the first N requests of the token get the fault; later ones succeed. Default: all. */
  times?: number;
  /** Intermittent: every Nth request of the token gets the fault (3 -> 3rd, 6th ...). */
  every?: number;
  /** Extra latency for this token, in ms. */
  latencyMs?: number;
  /** Accept the request and never answer (for client timeouts). */
  hang?: boolean;
  /** Destroy the socket without answering (connection reset). */
  reset?: boolean;
  /** Answer HTTP 502 with an HTML page, like a gateway error. */
  html502?: boolean;
  /** Answer HTTP 200 with a JSON body cut in half. */
  truncated?: boolean;
  /** Answer HTTP 414 (URI too long) with an empty body, as a gateway does for an over-long URL. */
  uri414?: boolean;
  /**
   * Every page answers the first page's items, with no continuation value and no "has more" flag: an
   * API that ignores the paging parameters (for the paid-repeat guard).
   */
  repeat?: boolean;
  /** Overrides the envelope message. */
  message?: string;
}

/** The grammar of magic tokens, so a host's credential alone can pick a scenario. */
export const MAGIC_PREFIX = 'sandbox-';

/**
 * Parses a magic token: `sandbox-` then parts joined by `+`. Each part is `<fault>[x<times>]`, where the
 * fault is a business code (`302`), `hang`, `reset`, `html502`, `truncated` or `uri414`; or `latency<ms>`; or `repeat`; or
 * `every<n>-<fault>`. Examples: `sandbox-302x2`, `sandbox-latency50+302x1`, `sandbox-every3-301`.
 * Returns undefined for a token that is not magic or not understood.
 */
export function parseMagicToken(token: string): Scenario | undefined {
  if (!token.startsWith(MAGIC_PREFIX)) return undefined;
  const scenario: Scenario = {};
  for (const part of token.slice(MAGIC_PREFIX.length).split('+')) {
    if (part === 'repeat') {
      scenario.repeat = true;
      continue;
    }
    const latency = /^latency(\d+)$/.exec(part);
    if (latency) {
      scenario.latencyMs = Number(latency[1]);
      continue;
    }
    const m = /^(?:every(\d+)-)?(\d{3}|hang|reset|html502|truncated|uri414)(?:x(\d+))?$/.exec(part);
    if (!m) return undefined;
    const [, every, fault, times] = m;
    if (every) scenario.every = Number(every);
    if (times) scenario.times = Number(times);
    if (/^\d+$/.test(fault!)) scenario.code = Number(fault);
    else scenario[fault as 'hang' | 'reset' | 'html502' | 'truncated' | 'uri414'] = true;
  }
  return scenario;
}

/** Whether the nth (1-based) request of a token gets the scenario's fault. */
export function faultApplies(s: Scenario, nth: number): boolean {
  if (s.every !== undefined) return nth % s.every === 0;
  if (s.times !== undefined) return nth <= s.times;
  return true;
}

export function hasFault(s: Scenario): boolean {
  return s.code !== undefined || Boolean(s.hang || s.reset || s.html502 || s.truncated || s.uri414);
}
