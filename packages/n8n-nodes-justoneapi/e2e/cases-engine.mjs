// Cases for the action node on the core's run engine, in real n8n (newest host): Options > Max Requests
// with usage on the items, and several input items where one fails without Continue On Fail (no paid
// item lost). Kept apart from cases.mjs; run.mjs runs both lists.
import assert from 'node:assert/strict';
import { listWorkflow, ok, workflow } from './cases.mjs';

const USERS = '/api/xiaohongshu/search-user/v2';
const hintsOf = (r) => JSON.stringify(r.run.data.resultData.runData.XHS[0].hints ?? []);

export const engineCases = [
  {
    id: 'engine-max-requests-usage',
    newestOnly: true,
    workflow: () =>
      workflow(
        'engine-max-requests-usage',
        {
          operation: 'searchUsers',
          keyword: '咖啡',
          returnAll: true,
          options: { maxRequests: 2, usageInItems: true },
        },
        'good',
        { typeVersion: 2 },
      ),
    check: (r) => {
      ok(r);
      assert.deepEqual(
        r.stats.requests.map((q) => q.query.page),
        ['1', '2'],
        'the budget stops before page 3',
      );
      assert.equal(r.items.length, 40, 'the two pages fetched are output');
      const out = r.run.data.resultData.runData.XHS[0].data.main[0];
      assert.deepEqual(out[0].paging.resume, { page: 3 }, 'where a later run would continue');
      assert.equal(out[0].paging.stoppedBy.code, 'BUDGET');
      assert.equal(out[0].usage.requests, 2, 'usage beside the JSON');
      assert.equal(r.items[0].justoneapiUsage.refused, 1, 'usage in the JSON (Add Usage to Items)');
      assert.match(hintsOf(r), /Max Requests \(2\) reached: 2 requests sent/);
    },
  },
  {
    id: 'engine-many-items-one-fails',
    newestOnly: true,
    workflow: () =>
      listWorkflow(
        'engine-many-items-one-fails',
        ['k0', 'k1', 'k2', 'k3'],
        {
          operation: 'searchUsers',
          keyword: '={{ $json.list }}',
          limit: 2,
          options: { batching: { batch: { batchSize: 1 } } },
        },
        'quotaEvery3',
        { typeVersion: 2 },
      ),
    check: (r) => {
      ok(r);
      assert.equal(r.stats.count({ path: USERS }), 3, 'item 2 fails (303); item 3 is not run');
      assert.deepEqual(r.paired, [0, 0, 1, 1], 'the items fetched before the failure are output');
      assert.match(
        hintsOf(r),
        /Item 2: page 1 failed \(Daily quota exceeded \(code 303\)\).*item 3 was not run/,
      );
    },
  },
];
