// What the e2e and the bench run: the rate-limited sandbox, a Webhook -> Xiaohongshu (User › Search) ->
// Respond to Webhook workflow, a burst of webhook calls (one keyword each), and what the sandbox and n8n
// recorded about them.
import { USERS_PER_PAGE, startSandbox, userSearchPage } from '@justoneapi/sandbox';

export const USERS = '/api/xiaohongshu/search-user/v2';
export const WEBHOOK_PATH = 'jo-queue-users';
export const WORKFLOW_ID = 'joQueueUsers0001';

/**
 * What the node is set to for a rate-limited API under load: the most retries it allows, and with
 * `perSecond`, Options > Max Requests per Second (the plan's rate ÷ the number of workers).
 */
export const nodeOptions = (perSecond) => ({
  maxRetries: 5,
  ...(perSecond ? { maxRequestsPerSecond: perSecond } : {}),
});

/** A second copy of the workflow, on its own id and webhook path (e.g. with other node options). */
export const variant = (tag) => ({
  id: `${WORKFLOW_ID.slice(0, -4)}${tag}`.slice(0, 16),
  path: `${WEBHOOK_PATH}-${tag}`,
});

export function credential(token, baseUrl) {
  return [
    {
      id: 'joQueueCred00001',
      name: 'Just One API (queue e2e)',
      type: 'justOneApi',
      data: { token, environment: 'custom', baseUrl },
    },
  ];
}

/** Webhook -> Xiaohongshu (platform node v2, User Search) -> Respond; `perSecond` paces the node. */
export function workflow(limit, { perSecond, id = WORKFLOW_ID, path = WEBHOOK_PATH } = {}) {
  const n = id === WORKFLOW_ID ? 0 : [...id].reduce((a, c) => a + c.charCodeAt(0), 0) % 4096;
  return {
    id,
    name: 'Just One API user search (queue mode)',
    active: false,
    settings: { executionOrder: 'v1' },
    pinData: {},
    nodes: [
      {
        id: 'w1',
        name: 'Webhook',
        type: 'n8n-nodes-base.webhook',
        typeVersion: 2,
        position: [0, 0],
        webhookId: `6f1d7c52-8a43-4b4e-9d7e-2b1f0c5a${(0x9e11 + n).toString(16).padStart(4, '0')}`,
        parameters: { httpMethod: 'POST', path, responseMode: 'responseNode', options: {} },
      },
      {
        id: 'x1',
        name: 'XHS',
        type: 'n8n-nodes-justoneapi.xiaohongshu',
        typeVersion: 2,
        position: [220, 0],
        parameters: {
          operation: 'searchUsers',
          keyword: '={{ $json.body.keyword }}',
          returnAll: false,
          limit,
          options: nodeOptions(perSecond),
        },
        credentials: { justOneApi: { id: 'joQueueCred00001', name: 'Just One API (queue e2e)' } },
      },
      {
        id: 'r1',
        name: 'Respond',
        type: 'n8n-nodes-base.respondToWebhook',
        typeVersion: 1.1,
        position: [440, 0],
        parameters: { respondWith: 'allIncomingItems', options: {} },
      },
    ],
    connections: {
      Webhook: { main: [[{ node: 'XHS', type: 'main', index: 0 }]] },
      XHS: { main: [[{ node: 'Respond', type: 'main', index: 0 }]] },
    },
  };
}

/** The rate-limited sandbox: `rate` requests per second for `token`, answers after `latencyMs`. */
export function sandbox({ token, rate, latencyMs }) {
  const lines = [];
  return startSandbox({ tokens: [token], rateLimit: rate, latencyMs, log: (l) => lines.push(l) }).then((s) =>
    Object.assign(s, { logLines: lines }),
  );
}

export const keywords = (n, tag) =>
  Array.from({ length: n }, (_, i) => (i % 2 ? `咖啡-${tag}-${i}` : `coffee-${tag}-${i}`));

/** The user ids a keyword must return with this limit (the sandbox's data is deterministic). */
export function expectedIds(keyword, limit) {
  const ids = [];
  for (let page = 1; ids.length < limit; page++)
    ids.push(...userSearchPage(keyword, page).users.map((u) => u.id));
  return ids.slice(0, limit);
}

export const pagesPerKeyword = (limit) => Math.ceil(limit / USERS_PER_PAGE);

/** Fires one webhook call per keyword, all at once; resolves with each answer. */
export async function fire(url, words) {
  return Promise.all(
    words.map(async (keyword) => {
      const started = Date.now();
      try {
        const r = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ keyword }),
          signal: AbortSignal.timeout(600_000),
        });
        const text = await r.text();
        let body;
        try {
          body = JSON.parse(text);
        } catch {}
        return { keyword, status: r.status, body, text, ms: Date.now() - started };
      } catch (e) {
        return { keyword, status: 0, error: e.message, text: '', ms: Date.now() - started };
      }
    }),
  );
}

/**
 * Rate used: requests the limit let through, divided by the most it could have let through between the
 * first request and the last allowed one (`rate` per second plus the first window's burst). A client that
 * kept the limit busy all the time scores 1.
 */
export function rateUsed(requests, rate) {
  const allowed = requests.filter((r) => r.code === 0);
  if (!allowed.length) return { allowed: 0, limited: requests.length, ratio: 0, ratioFirst80: 0, seconds: 0 };
  const first = Math.min(...requests.map((r) => r.at));
  const last = Math.max(...allowed.map((r) => r.at));
  const seconds = (last - first) / 1000;
  // The same while demand still exceeds the limit: up to the moment 80 % of the pages had got through
  // (the rest is the drain, when the few keywords left sit in their longer retry waits).
  const at80 = allowed.map((r) => r.at).sort((a, b) => a - b)[Math.ceil(allowed.length * 0.8) - 1];
  return {
    allowed: allowed.length,
    limited: requests.filter((r) => r.code === 302).length,
    seconds,
    ratio: allowed.length / (rate * (seconds + 1)),
    ratioFirst80: Math.ceil(allowed.length * 0.8) / (rate * ((at80 - first) / 1000 + 1)),
  };
}

/** n8n's JSON log lines (N8N_LOG_FORMAT=json), parsed; other lines are skipped. */
export function jsonLines(text) {
  const out = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      out.push(JSON.parse(line));
    } catch {}
  }
  return out;
}
