// The workflows run in real n8n, and what their output must be.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

/** A saved workflow fixture (test/fixtures/<name>.json), as n8n exported it: imported and run unchanged. */
function savedWorkflow(name) {
  const wf = JSON.parse(readFileSync(new URL(`../test/fixtures/${name}.json`, import.meta.url), 'utf8'));
  for (const n of wf.nodes)
    if (n.credentials) n.credentials = { justOneApi: { id: 'jo-good', name: 'Just One API good' } };
  return { ...wf, id: name, active: false, pinData: {} };
}
/** Saved with the released node (Xiaohongshu v1). */
const savedV1Workflow = () => savedWorkflow('saved-v1-workflow');

export const TOKENS = {
  good: 'tok-e2e-GOOD-7431',
  wrong: 'tok-e2e-WRONG-7431',
  rateLimited: 'tok-e2e-RATE-7431',
  rateLimitedOnce: 'tok-e2e-RATE2-7431',
  // Every third request of it is answered 303 (run.mjs's sandbox scenarios; e2e/cases-engine.mjs).
  quotaEvery3: 'tok-e2e-QUOTA3-7431',
};
const USERS = '/api/xiaohongshu/search-user/v2';
const FEED = '/api/xiaohongshu/get-note-feed/v1';
const USER_COLUMNS = [
  'id',
  'name',
  'red_id',
  'description',
  'avatar_url',
  'profile_url',
  'verified',
  'verify_type',
  'subtitle',
  'followers',
];

/**
 * One case per paging style (the set of parameters the pager fills in) and one per POST form operation,
 * picked from the catalog, so new styles are covered as they arrive: the platform node (current version)
 * with Return All and Max Pages 2, required parameters filled with sample values.
 */
const SHAPES = ['GET', 'POST form', 'POST query'];

async function catalogCases() {
  const { documentedOperations, pagingParams } = await import('@justoneapi/sdk/core');
  const { versions } = {
    versions: JSON.parse(readFileSync(new URL('../nodes/versions.json', import.meta.url), 'utf8')),
  };
  const offered = documentedOperations.filter((op) => !op.deprecated && !op.hidden);
  const picks = new Map();
  for (const op of offered) {
    if (op.pagination) {
      const style = `paging ${pagingParams(op).join('+')}`;
      if (!picks.has(style)) picks.set(style, op);
    }
    // Each request shape, by where the vendor declares the token: in the form body (POST form) or in
    // the query string (GET and POST query).
    const shape =
      op.httpMethod.toUpperCase() !== 'POST' ? 'GET' : op.tokenIn === 'body' ? 'POST form' : 'POST query';
    if (!picks.has(shape)) picks.set(shape, op);
  }
  const sample = (p) =>
    p.enum
      ? (p.default ?? p.enum[0].value)
      : p.type === 'integer' || p.type === 'number'
        ? (p.minimum ?? 1)
        : p.type === 'boolean'
          ? false
          : 'test';
  // Every paging style runs on the newest host; the older hosts run the first style and the request
  // shapes (GET, POST form, POST query). The paging loop is the node's own code, the same on every host; what differs between
  // hosts (loading, credentials, the request helper, pairing) the other cases cover on each. This keeps
  // .ci/run well inside CI's time (each case is one `n8n execute`, several seconds).
  const firstStyle = [...picks.keys()].find((label) => label.startsWith('paging'));
  return [...picks].map(([label, op]) => {
    const id = `catalog-${label.replace(/\W+/g, '-')}`;
    const newestOnly = label !== firstStyle && !SHAPES.includes(label);
    const parameters = { operation: op.method, returnAll: true, maxPages: 2 };
    for (const p of op.params)
      if (p.required && !pagingParams(op).includes(p.name)) parameters[p.name] = sample(p);
    return {
      id,
      newestOnly,
      workflow: () => {
        const wf = workflow(id, parameters, 'good', { typeVersion: versions[op.namespace]?.current ?? 1 });
        wf.nodes[1].type = `n8n-nodes-justoneapi.${op.namespace}`;
        return wf;
      },
      check: (r) => {
        ok(r);
        const sent = r.stats.requests.filter((q) => q.path === op.path);
        assert.ok(
          sent.length >= 1 && sent.length <= 2,
          `${op.id} (${label}): ${sent.length} requests, Max Pages 2`,
        );
        // The token exactly where the vendor declares it: the form body, or the query string, never both.
        for (const q of sent) {
          const where = { url: 'token' in q.urlQuery, form: 'token' in q.form };
          const want = op.tokenIn === 'body' ? { url: false, form: true } : { url: true, form: false };
          assert.deepEqual(where, want, `${op.id} (${label}): token sent in ${JSON.stringify(where)}`);
          assert.equal(q.code, 0, `${op.id} (${label}): ${JSON.stringify(q)}`);
        }
      },
    };
  });
}

/**
 * An operation the vendor marks danger ("Direct calls to this endpoint do not fetch product data"), from
 * the catalog: refused without its Acknowledge switch (nothing sent), sent with it. Newest host only.
 */
async function dangerCases() {
  const { documentedOperations } = await import('@justoneapi/sdk/core');
  const op = documentedOperations.find((o) => o.danger?.length && !o.deprecated && !o.hidden);
  if (!op) return [];
  const h = op.danger[0];
  const field = `acknowledge${h.acknowledge.replace(/(^|-)(\w)/g, (_, __, c) => c.toUpperCase())}`;
  const versions = JSON.parse(readFileSync(new URL('../nodes/versions.json', import.meta.url), 'utf8'));
  const parameters = { operation: op.method };
  for (const p of op.params) if (p.required) parameters[p.name] = 'test';
  const make = (id, extra) => () => {
    const wf = workflow(id, { ...parameters, ...extra }, 'good', {
      typeVersion: versions[op.namespace]?.current ?? 1,
    });
    wf.nodes[1].type = `n8n-nodes-justoneapi.${op.namespace}`;
    return wf;
  };
  return [
    {
      id: 'danger-refused',
      newestOnly: true,
      failing: true,
      workflow: make('danger-refused', {}),
      check: (r) => {
        assert.notEqual(r.exitCode, 0);
        assert.ok(r.output.includes(`The vendor warns: "${h.text}"`), 'says why');
        assert.equal(r.stats.count(), 0, 'nothing sent');
      },
    },
    {
      id: 'danger-acknowledged',
      newestOnly: true,
      workflow: make('danger-acknowledged', { [field]: true }),
      check: (r) => {
        ok(r);
        assert.equal(r.stats.count({ path: op.path }), 1);
      },
    },
  ];
}

export function workflow(id, parameters, credential, nodeExtra = {}) {
  return {
    id,
    name: id,
    active: false,
    settings: { executionOrder: 'v1' },
    pinData: {},
    nodes: [
      {
        id: 'a',
        name: 'Start',
        type: 'n8n-nodes-base.manualTrigger',
        typeVersion: 1,
        position: [0, 0],
        parameters: {},
      },
      {
        id: 'b',
        name: 'XHS',
        type: 'n8n-nodes-justoneapi.xiaohongshu',
        typeVersion: 1,
        position: [220, 0],
        parameters,
        credentials: { justOneApi: { id: `jo-${credential}`, name: `Just One API ${credential}` } },
        ...nodeExtra,
      },
    ],
    connections: { Start: { main: [[{ node: 'XHS', type: 'main', index: 0 }]] } },
  };
}

/** Manual Trigger -> Edit Fields (a JSON list) -> Split Out (one item per entry) -> our node. */
export function listWorkflow(id, list, parameters, credential, nodeExtra = {}) {
  const wf = workflow(id, parameters, credential, nodeExtra);
  wf.nodes.push(
    {
      id: 'c',
      name: 'List',
      type: 'n8n-nodes-base.set',
      typeVersion: 3.4,
      position: [80, 0],
      parameters: { mode: 'raw', jsonOutput: JSON.stringify({ list }), options: {} },
    },
    {
      id: 'd',
      name: 'Split',
      type: 'n8n-nodes-base.splitOut',
      typeVersion: 1,
      position: [160, 0],
      parameters: { fieldToSplitOut: 'list', options: {} },
    },
  );
  wf.connections = {
    Start: { main: [[{ node: 'List', type: 'main', index: 0 }]] },
    List: { main: [[{ node: 'Split', type: 'main', index: 0 }]] },
    Split: { main: [[{ node: 'XHS', type: 'main', index: 0 }]] },
  };
  return wf;
}

export const ok = ({ run, exitCode }) => {
  // n8n 2.4 prints status "running" with finished: true for a completed CLI run; 2.40 prints "success".
  assert.ok(
    run.status === 'success' || (run.finished === true && run.status === 'running'),
    `status ${run.status}, finished ${run.finished}`,
  );
  assert.equal(
    run.data?.resultData?.error,
    undefined,
    JSON.stringify(run.data?.resultData?.error)?.slice(0, 300),
  );
  assert.equal(exitCode, 0);
};

export const cases = [
  {
    id: 'search-return-all',
    workflow: () =>
      workflow(
        'search-return-all',
        { resource: 'user', operation: 'search', keyword: '咖啡', returnAll: true },
        'good',
      ),
    check: (r) => {
      ok(r);
      assert.equal(r.items.length, 100, 'five pages of 20 users');
      assert.deepEqual(Object.keys(r.items[0]), USER_COLUMNS);
      assert.equal(new Set(r.items.map((u) => u.id)).size, 100);
      assert.equal(r.stats.count({ path: USERS }), 5, 'stops at has_more: false');
    },
  },
  {
    id: 'search-limit',
    workflow: () =>
      workflow(
        'search-limit',
        { resource: 'user', operation: 'search', keyword: '咖啡', returnAll: false, limit: 30 },
        'good',
      ),
    check: (r) => {
      ok(r);
      assert.equal(r.items.length, 30);
      assert.equal(r.stats.count({ path: USERS }), 2, 'no page past the limit');
    },
  },
  {
    id: 'feed-single-page-raw',
    workflow: () =>
      workflow(
        'feed-single-page-raw',
        {
          resource: 'note',
          operation: 'getFeed',
          oid: 'homefeed_food_v3',
          simplify: false,
          options: { singlePage: true, page: 2 },
        },
        'good',
      ),
    check: (r) => {
      ok(r);
      assert.equal(r.items.length, 10);
      assert.ok(Array.isArray(r.items[0].images_list), 'raw items keep the API shape');
      assert.equal(r.items[0].recommend.category_name, '美食');
      assert.equal(r.stats.count({ path: FEED }), 1);
      assert.equal(r.stats.requests[0].query.page, '2');
      assert.equal(r.stats.requests[0].query.oid, 'homefeed_food_v3');
    },
  },
  {
    id: 'feed-simplified',
    workflow: () =>
      workflow(
        'feed-simplified',
        { resource: 'note', operation: 'getFeed', oid: 'homefeed_travel_v3', returnAll: false, limit: 15 },
        'good',
      ),
    check: (r) => {
      ok(r);
      assert.equal(r.items.length, 15);
      assert.ok(
        r.items.every(
          (n) =>
            typeof n.title === 'string' && /^https:\/\/www\.xiaohongshu\.com\/explore\//.test(n.note_url),
        ),
      );
      assert.equal(r.items[0].category, '旅行');
    },
  },
  {
    id: 'bad-token-fails',
    workflow: () =>
      workflow('bad-token-fails', { resource: 'user', operation: 'search', keyword: 'a' }, 'wrong'),
    failing: true,
    check: (r) => {
      assert.notEqual(r.exitCode, 0);
      assert.notEqual(r.run?.status, 'success');
      assert.match(r.output, /Invalid or inactive token \(code 100\)/);
      assert.equal(r.stats.count({ path: USERS }), 1, 'a bad token is never retried');
    },
  },
  {
    id: 'bad-token-continue-on-fail',
    workflow: () =>
      workflow(
        'bad-token-continue-on-fail',
        { resource: 'user', operation: 'search', keyword: 'a' },
        'wrong',
        { onError: 'continueRegularOutput' },
      ),
    check: (r) => {
      ok(r);
      assert.equal(r.items.length, 1);
      assert.equal(r.items[0].error, 'Invalid or inactive token (code 100)');
      assert.equal(r.items[0].code, 100);
    },
  },
  {
    id: 'many-items-continue-on-fail',
    workflow: () =>
      listWorkflow(
        'many-items-continue-on-fail',
        ['咖啡', ' ', '旅行', '美食'],
        {
          resource: 'user',
          operation: 'search',
          keyword: '={{ $json.list }}',
          returnAll: false,
          limit: 2,
          options: { concurrency: 2 },
        },
        'good',
        { onError: 'continueRegularOutput' },
      ),
    check: (r) => {
      ok(r);
      assert.deepEqual(
        r.paired,
        [0, 0, 1, 2, 2, 3, 3],
        'every output item points at its input item, in input order',
      );
      assert.match(r.items[2].error, /: Keyword must not be empty\./);
      assert.equal(r.items[2].code, 'VALIDATION');
      assert.ok(r.items.filter((_, i) => i !== 2).every((u) => typeof u.id === 'string' && u.id.length > 0));
      assert.deepEqual(
        r.stats.requests.map((q) => q.query.keyword).sort(),
        ['咖啡', '旅行', '美食'].sort(),
        'the blank keyword cost nothing',
      );
    },
  },
  {
    id: 'rate-limited-then-ok',
    workflow: () =>
      workflow(
        'rate-limited-then-ok',
        { resource: 'user', operation: 'search', keyword: 'a', returnAll: false, limit: 5 },
        'rateLimited',
      ),
    check: (r) => {
      ok(r);
      assert.equal(r.items.length, 5);
      assert.equal(r.stats.count({ path: USERS }), 2, 'one 302, one retry');
      assert.match(
        r.output,
        /Just One API rate limit exceeded: retry 1 of 2 in \d+ ms/,
        'the retry is logged',
      );
    },
  },
  {
    id: 'v2-search-max-pages',
    workflow: () =>
      workflow(
        'v2-search-max-pages',
        { operation: 'searchUsers', keyword: '咖啡', returnAll: true, maxPages: 2 },
        'good',
        {
          typeVersion: 2,
        },
      ),
    check: (r) => {
      ok(r);
      assert.equal(r.items.length, 40, 'two pages of 20 users');
      assert.equal(r.stats.count({ path: USERS }), 2, 'Max Pages bounds Return All');
      const task = r.run.data.resultData.runData.XHS[0];
      const out = task.data.main[0];
      assert.ok(
        out.every((i) => i.paging?.truncated === true && i.paging.maxPages === 2),
        'paging metadata',
      );
      if (task.hints) assert.match(JSON.stringify(task.hints), /Max Pages \(2\)/, 'the execution hint');
    },
  },
  {
    id: 'v2-feed-by-chinese-label',
    workflow: () =>
      workflow(
        'v2-feed-by-chinese-label',
        {
          operation: 'getNoteFeed',
          oid: '={{ "美食" }}',
          limit: 3,
          options: { batching: { batch: { batchSize: 2, batchInterval: 0 } } },
        },
        'good',
        { typeVersion: 2 },
      ),
    check: (r) => {
      ok(r);
      assert.equal(r.items.length, 3);
      assert.equal(r.stats.requests[0].query.oid, 'homefeed_food_v3');
    },
  },
  {
    id: 'v2-retry-on-fail-no-double-retry',
    workflow: () =>
      workflow(
        'v2-retry-on-fail-no-double-retry',
        { operation: 'searchUsers', keyword: 'a', limit: 5 },
        'rateLimitedOnce',
        {
          typeVersion: 2,
          retryOnFail: true,
          maxTries: 2,
          waitBetweenTries: 0,
        },
      ),
    check: (r) => {
      ok(r);
      assert.equal(r.items.length, 5);
      assert.equal(
        r.stats.count({ path: USERS }),
        2,
        "one 302, then n8n's retry; the node's own retries are off",
      );
    },
  },
  {
    id: 'saved-v1-workflow',
    workflow: savedV1Workflow,
    check: (r) => {
      ok(r);
      const runData = r.run.data.resultData.runData;
      assert.equal(runData.Xiaohongshu[0].data.main[0].length, 25, 'User > Search, Limit 25');
      assert.ok(runData['Xiaohongshu Feed'][0].data.main[0].length > 0, 'Note > Get Feed, Return All');
      assert.equal(r.stats.count({ path: USERS }), 2);
    },
  },
  {
    // Saved before the vendor deprecated one operation and hid the other: both keep their parameters.
    id: 'saved-retired-workflow',
    workflow: () => savedWorkflow('saved-retired-workflow'),
    check: (r) => {
      ok(r);
      const runData = r.run.data.resultData.runData;
      for (const [node, path] of [
        ['Taobao Sales', '/api/taobao/get-item-sale/v1'],
        ['Taobao Detail', '/api/taobao/get-item-detail/v6'],
      ]) {
        assert.equal(runData[node][0].data.main[0].length, 1, `${node}: one item`);
        const sent = r.stats.requests.filter((q) => q.path === path);
        assert.deepEqual(
          sent.map((q) => q.query.itemId),
          ['680000000001'],
          `${node}: the saved Item Id was sent`,
        );
      }
    },
  },
];

cases.push(...(await catalogCases()), ...(await dangerCases()));

/** Checks against a running n8n server (e2e/server.mjs): the credential Test button and the node types. */
export const serverCases = [
  ...[
    ['good', TOKENS.good, 'OK', /^Connection successful/],
    ['wrong', TOKENS.wrong, 'Error', /^Invalid or inactive token \(code 100\)/],
    ['no-balance', 'sandbox-601', 'Error', /^Insufficient balance \(code 601\)/],
  ].map(([label, token, status, message]) => ({
    id: `credential-test-${label}`,
    run: ({ testCredential }) => testCredential({ token, environment: 'custom', baseUrl: '{sandbox}' }),
    check: ({ result, stats }) => {
      assert.equal(result.status, status, result.message);
      assert.match(result.message, message);
      assert.equal(stats.count({ path: USERS, token }), 1, 'the Test button costs exactly one call');
    },
  })),
  {
    id: 'node-types-and-ai-tool',
    run: ({ nodeTypes }) => nodeTypes(),
    check: ({ result }) => {
      const v1 = result.get('n8n-nodes-justoneapi.xiaohongshu@1');
      const v2 = result.get('n8n-nodes-justoneapi.xiaohongshu@2');
      assert.ok(v1 && v2, 'both versions are listed');
      assert.ok(result.get('n8n-nodes-justoneapi.xiaohongshuTool'), 'usableAsTool adds the AI tool variant');
      assert.equal(v1.displayName, 'Xiaohongshu (Just One API)', 'v1 as released');
      assert.equal(v1.properties.find((p) => p.name === 'oid').options[0].name, 'Recommend');
      const feed = v2.properties.find((p) => p.name === 'oid');
      assert.equal(feed.default, 'homefeed_recommend');
      assert.equal(feed.options.find((o) => o.value === 'homefeed_food_v3').name, 'Food · 美食');
      assert.equal(v2.properties.find((p) => p.name === 'maxPages').default, 100);
      assert.equal(v2.properties.find((p) => p.name === 'operation').default, 'searchUsers');
    },
  },
];
