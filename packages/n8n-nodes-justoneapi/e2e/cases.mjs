// The workflows run in real n8n, and what their output must be.
import assert from 'node:assert/strict';

export const TOKENS = {
  good: 'tok-e2e-GOOD-7431',
  wrong: 'tok-e2e-WRONG-7431',
  rateLimited: 'tok-e2e-RATE-7431',
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

function workflow(id, parameters, credential, nodeExtra = {}) {
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
function listWorkflow(id, list, parameters, credential, nodeExtra = {}) {
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

const ok = ({ run, exitCode }) => {
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
      assert.match(r.output, /XHS 100/);
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
      assert.match(r.items[0].error, /XHS 100/);
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
      assert.match(r.items[2].error, /keyword must not be empty/);
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
];

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
      const node = result.get('n8n-nodes-justoneapi.xiaohongshu');
      assert.ok(node, 'the node is listed');
      assert.ok(result.get('n8n-nodes-justoneapi.xiaohongshuTool'), 'usableAsTool adds the AI tool variant');
      assert.equal(node.displayName, 'Xiaohongshu (Just One API)');
      const feed = node.properties.find((p) => p.name === 'oid');
      assert.equal(feed.default, 'homefeed_recommend');
      assert.equal(feed.options.find((o) => o.value === feed.default).name, 'Recommend');
      assert.doesNotMatch(JSON.stringify(node.properties), /[\u3400-\u9fff]/, 'English-only UI');
    },
  },
];
