// The Just One API Trigger in a real n8n (2.40.7 on Node 24): packs this package, installs it where
// n8n's community-package installer puts it, imports a credential (pointing at the sandbox) and trigger
// workflows, starts `n8n start`, ACTIVATES them over the REST API as the editor does, and waits for the
// scheduled poll after the activation poll. Between the two polls the feed grows (the sandbox is
// restarted on the same port with more feed pages, `feedPages` 1 -> 3), as a real feed gets new notes.
// Asserted from n8n's REST API (executions) and the sandbox's request log:
//   - the activation poll emits nothing (it records), unless "Emit Existing Items" is on;
//   - the next poll emits only items not seen before, and no item is emitted twice;
//   - every poll sends at most Max Requests per Poll;
//   - v2 (Stop When a Page Has Nothing New, on by default) pays one request for a poll with nothing new,
//     v1 reads every Max Pages page;
//   - Item ID Field on an operation without a documented id works; a field no item has, or an empty one
//     where it is required, fails the activation with our message (one request, and none);
//   - n8n refuses a poll interval under a minute (why the test waits for the next minute);
//   - the token appears in no command output, server log or execution.
// Usage: node e2e/trigger.mjs   (run by `npm run test:e2e` after e2e/run.mjs; about 1-2 minutes warm)
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installN8n } from './hosts.mjs';
import { freePort, n8nEnv, packInto } from './install.mjs';
import { nodeTypes, startServer } from './server.mjs';

const { startSandbox, noteFeedPage } = await import('@justoneapi/sandbox');

const HOST = { version: '2.40.7', node: 24 };
const TOKEN = 'tok-e2e-TRIGGER-5521';
const FEED = '/api/xiaohongshu/get-note-feed/v1';
const COMMENTS = '/api/douyin/get-video-comment/v1';
const OID = 'homefeed_food_v3';
const FEED_MAX_REQUESTS = 3;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

function n8nCommand(host, env, args) {
  return new Promise((done) => {
    const child = spawn(host.node, [host.n8n, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => done({ code, out }));
  });
}

const everyMinute = { item: [{ mode: 'everyMinute' }] };
function triggerWorkflow(id, parameters) {
  return {
    id,
    name: id,
    active: false,
    settings: { executionOrder: 'v1' },
    pinData: {},
    nodes: [
      {
        id: 't',
        name: 'Trigger',
        type: 'n8n-nodes-justoneapi.justOneApiTrigger',
        typeVersion: 1,
        position: [0, 0],
        parameters: { pollTimes: everyMinute, simplify: false, ...parameters },
        credentials: { justOneApi: { id: 'jo-trigger', name: 'Just One API trigger' } },
      },
      {
        id: 'n',
        name: 'Done',
        type: 'n8n-nodes-base.noOp',
        typeVersion: 1,
        position: [220, 0],
        parameters: {},
      },
    ],
    connections: { Trigger: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
  };
}
const V1_DEFAULT = '7300000000000000005';
const V2_DEFAULT = '7300000000000000006';
const V2_SEEN = '7300000000000000007';
function withDefaultSchedule(wf, typeVersion) {
  delete wf.nodes[0].parameters.pollTimes;
  wf.nodes[0].typeVersion = typeVersion;
  return wf;
}
const comments = (awemeId, extra) => ({
  platform: 'douyin',
  operation: 'getVideoCommentV1',
  awemeId,
  maxPages: 3,
  ...extra,
});
const WORKFLOWS = {
  feed: triggerWorkflow('trg-feed', {
    platform: 'xiaohongshu',
    operation: 'getNoteFeed',
    oid: OID,
    maxPages: 5,
    maxRequests: FEED_MAX_REQUESTS,
  }),
  generic: triggerWorkflow(
    'trg-generic',
    comments('7300000000000000001', {
      itemIdField: 'id',
      options: { emitExisting: true, usageInItems: true },
    }),
  ),
  wrongField: triggerWorkflow('trg-wrong', comments('7300000000000000002', { itemIdField: 'nope' })),
  emptyField: triggerWorkflow('trg-empty', comments('7300000000000000003', { itemIdField: '' })),
  subMinute: triggerWorkflow('trg-seconds', {
    ...comments('7300000000000000004', { itemIdField: 'id' }),
    pollTimes: { item: [{ mode: 'custom', cronExpression: '*/10 * * * * *' }] },
  }),
  // Saved without Poll Times (n8n stores only what differs from the default): v1 keeps polling every
  // minute; v2 (what new triggers get) polls every hour.
  savedV1: withDefaultSchedule(
    triggerWorkflow('trg-v1-default', comments(V1_DEFAULT, { itemIdField: 'id' })),
    1,
  ),
  newV2: withDefaultSchedule(
    triggerWorkflow('trg-v2-default', comments(V2_DEFAULT, { itemIdField: 'id' })),
    2,
  ),
  // v2 every minute, Stop When a Page Has Nothing New left at its default (on, so not saved).
  seenV2: triggerWorkflow('trg-v2-seen', comments(V2_SEEN, { itemIdField: 'id' })),
};
WORKFLOWS.seenV2.nodes[0].typeVersion = 2;

const results = [];
function check(name, fn) {
  try {
    fn();
    results.push({ name, ok: true });
    console.log(`ok   n8n ${HOST.version} trigger: ${name}`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL n8n ${HOST.version} trigger: ${name}: ${e.message}`);
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}

const host = installN8n(HOST);
const flatted = createRequire(join(host.dir, 'node_modules', 'n8n', 'package.json'))('flatted');
const userFolder = mkdtempSync(join(tmpdir(), 'jo-n8n-trigger-'));
const port = await freePort();
let sandbox = await startSandbox({ port, tokens: [TOKEN], feedPages: 1 });
const polls = { first: sandbox.stats };
let server;
let outputs = '';
try {
  packInto(userFolder);
  const env = await n8nEnv(host, HOST, userFolder);
  const files = join(userFolder, 'import');
  mkdirSync(join(files, 'workflows'), { recursive: true });
  writeFileSync(
    join(files, 'credentials.json'),
    JSON.stringify([
      {
        id: 'jo-trigger',
        name: 'Just One API trigger',
        type: 'justOneApi',
        data: { token: TOKEN, environment: 'custom', baseUrl: sandbox.url },
      },
    ]),
  );
  for (const wf of Object.values(WORKFLOWS))
    writeFileSync(join(files, 'workflows', `${wf.id}.json`), JSON.stringify(wf));
  for (const args of [
    ['import:credentials', `--input=${join(files, 'credentials.json')}`],
    ['import:workflow', '--separate', `--input=${join(files, 'workflows')}`],
  ]) {
    const r = await n8nCommand(host, env, args);
    outputs += r.out;
    if (r.code !== 0) throw new Error(`n8n ${args[0]} failed:\n${r.out}`);
  }

  server = await startServer(host, env, await freePort());
  const activate = async (wf) => {
    const got = await server.request(`/rest/workflows/${wf.id}`);
    if (got.status !== 200) throw new Error(`GET workflow ${wf.id}: HTTP ${got.status}`);
    const r = await server.request(`/rest/workflows/${wf.id}/activate`, {
      versionId: got.body.data.versionId,
    });
    outputs += JSON.stringify(r.body);
    return r;
  };
  const requestsFor = (stats, path, awemeId) =>
    stats.requests.filter((q) => q.path === path && (awemeId === undefined || q.query.awemeId === awemeId));

  // n8n 2.40 publishes (activates) through an outbox: the REST call answers at once, the activation and
  // its first poll follow; a trigger that failed to activate is listed with its error message in
  // /rest/workflows/:id/publication-status (older hosts: /rest/active-workflows/error/:id).
  const activationError = async (wf) => {
    for (const end = Date.now() + 30_000; Date.now() < end; await pause(500)) {
      const status = await server.request(`/rest/workflows/${wf.id}/publication-status`);
      const failed = (status.body?.data?.triggers ?? []).filter((t) => t.errorMessage);
      if (failed.length) return JSON.stringify(failed);
      const r = await server.request(`/rest/active-workflows/error/${wf.id}`);
      if (r.body?.data) return JSON.stringify(r.body.data);
    }
    return '';
  };
  // Activations that must fail, each before its poll floods anything.
  const wrong = await activate(WORKFLOWS.wrongField);
  const wrongError =
    wrong.status === 200 ? await activationError(WORKFLOWS.wrongField) : JSON.stringify(wrong.body);
  check('a wrong Item ID Field fails the activation poll at its first page, naming the field', () => {
    assert(
      /no item has the id field \\?"nope/.test(wrongError),
      `activation error: ${wrongError || '(none)'}`,
    );
    // n8n 2.40 retries a failed trigger activation up to 5 times by itself (1, 2, 4, 8 s apart): the
    // node remembers this configuration failed and sends nothing on the retries.
    const sent = requestsFor(sandbox.stats, COMMENTS, '7300000000000000002');
    assert(sent.length === 1, `${sent.length} requests across n8n's activation attempts`);
  });
  const empty = await activate(WORKFLOWS.emptyField);
  const emptyError =
    empty.status === 200 ? await activationError(WORKFLOWS.emptyField) : JSON.stringify(empty.body);
  check('an empty Item ID Field where the API documents no id fails with zero requests', () => {
    // n8n itself refuses to publish a node with a required parameter empty; the node's own check
    // (NodeOperationError "Item ID Field is required") backs it up, for a value from an expression, say.
    assert(
      /required parameters: itemIdField|Item ID Field is required/.test(emptyError),
      `activation error: ${emptyError || '(none)'}`,
    );
    const n = requestsFor(sandbox.stats, COMMENTS, '7300000000000000003').length;
    assert(n === 0, `${n} requests`);
  });
  const seconds = await activate(WORKFLOWS.subMinute);
  const secondsError =
    seconds.status === 200 ? await activationError(WORKFLOWS.subMinute) : JSON.stringify(seconds.body);
  check('n8n refuses a poll interval under a minute (a cron with seconds)', () => {
    assert(/at least a minute/.test(secondsError), `activation error: ${secondsError || '(none)'}`);
  });

  // The two real activations, early in a minute, so the scheduled poll comes after the feed has grown.
  while (new Date().getSeconds() < 2 || new Date().getSeconds() > 40) await pause(500);
  const activations = [
    await activate(WORKFLOWS.generic),
    await activate(WORKFLOWS.feed),
    await activate(WORKFLOWS.seenV2),
  ];
  const defaults = [await activate(WORKFLOWS.savedV1), await activate(WORKFLOWS.newV2)];
  const laterFrom = new Date();
  // Wait for both activation polls to reach the sandbox (the feed: page 1, then its end).
  for (const end = Date.now() + 30_000; Date.now() < end; await pause(200)) {
    if (
      requestsFor(sandbox.stats, FEED).length >= 2 &&
      requestsFor(sandbox.stats, COMMENTS, '7300000000000000001').length >= 3 &&
      requestsFor(sandbox.stats, COMMENTS, V1_DEFAULT).length >= 3 &&
      requestsFor(sandbox.stats, COMMENTS, V2_DEFAULT).length >= 3 &&
      requestsFor(sandbox.stats, COMMENTS, V2_SEEN).length >= 3
    )
      break;
  }
  await pause(500); // the poll records what it saw right after its last answer
  check('both trigger workflows activate (the activation poll ran)', () => {
    for (const a of activations) assert(a.status === 200, `HTTP ${a.status}: ${JSON.stringify(a.body)}`);
    const n = requestsFor(sandbox.stats, FEED).length;
    assert(n === 2, `the feed's activation poll sent ${n} requests before the feed grew`);
  });
  // The feed grows: same port, same token, three pages where there was one.
  await sandbox.close();
  sandbox = await startSandbox({ port, tokens: [TOKEN], feedPages: 3 });
  polls.later = sandbox.stats;

  const executionsOf = async (wf) => {
    const filter = encodeURIComponent(JSON.stringify({ workflowId: wf.id }));
    const r = await server.request(`/rest/executions?filter=${filter}`);
    return r.body.data?.results ?? [];
  };
  const deadline = Date.now() + 80_000;
  while ((await executionsOf(WORKFLOWS.feed)).length === 0 && Date.now() < deadline) await pause(1000);
  // Let the generic workflow's scheduled poll (same minute tick) finish too.
  while (requestsFor(polls.later, COMMENTS, '7300000000000000001').length < 3 && Date.now() < deadline)
    await pause(500);
  // And the v1 workflow saved without Poll Times (every minute, at its own second).
  while (requestsFor(polls.later, COMMENTS, V1_DEFAULT).length < 1 && Date.now() < deadline) await pause(500);
  while (requestsFor(polls.later, COMMENTS, V2_SEEN).length < 1 && Date.now() < deadline) await pause(500);
  await pause(2000);

  const itemsOf = async (execution) => {
    let r;
    for (let i = 0; i < 20; i++) {
      r = await server.request(`/rest/executions/${execution.id}`);
      if (r.body.data?.finished || r.body.data?.status === 'success') break;
      await pause(500);
    }
    outputs += JSON.stringify(r.body);
    const raw = r.body.data.data;
    const data = typeof raw === 'string' ? flatted.parse(raw) : raw;
    return {
      status: r.body.data.status,
      items: data.resultData.runData.Trigger[0].data.main[0],
      done: data.resultData.runData.Done?.[0]?.data?.main?.[0] ?? [],
    };
  };
  const wrongRuns = await executionsOf(WORKFLOWS.wrongField);
  check('the wrong-field workflow started no execution (nothing emitted)', () => {
    assert(wrongRuns.length === 0, `${wrongRuns.length} executions`);
  });
  const feedRuns = await Promise.all((await executionsOf(WORKFLOWS.feed)).map(itemsOf));
  const genericRuns = await Promise.all((await executionsOf(WORKFLOWS.generic)).map(itemsOf));
  const seenRuns = await executionsOf(WORKFLOWS.seenV2);
  const page1 = noteFeedPage(OID, 1).map((n) => n.id);
  const pages123 = [...new Set([1, 2, 3].flatMap((p) => noteFeedPage(OID, p).map((n) => n.id)))];

  check('feed: the activation poll emitted nothing and recorded page 1 (2 requests: page 1, end)', () => {
    const n = requestsFor(polls.first, FEED).length;
    assert(n === 2, `${n} requests in the activation poll`);
  });
  check('feed: the next poll started one execution with only the new notes, none twice', () => {
    assert(feedRuns.length === 1, `${feedRuns.length} executions`);
    const run = feedRuns[0];
    assert(run.status === 'success', `status ${run.status}`);
    const ids = run.items.map((i) => i.json.id);
    assert(new Set(ids).size === ids.length, 'an id emitted twice');
    assert(!ids.some((id) => page1.includes(id)), 'a note of the first poll emitted again');
    const expected = pages123.filter((id) => !page1.includes(id));
    assert(
      JSON.stringify(ids) === JSON.stringify(expected),
      `emitted ${ids.length}, expected ${expected.length}`,
    );
    assert(run.done.length === ids.length, 'the next node did not get every item');
    assert(run.items[0].usage?.requests === FEED_MAX_REQUESTS, JSON.stringify(run.items[0].usage));
  });
  check(`feed: every poll sent at most Max Requests per Poll (${FEED_MAX_REQUESTS})`, () => {
    // A poll starts at page 1: split the later requests into polls there.
    const perPoll = [];
    for (const q of requestsFor(polls.later, FEED)) {
      if (Number(q.query.page ?? 1) === 1) perPoll.push(0);
      perPoll[perPoll.length - 1]++;
    }
    assert(perPoll.length >= 1, 'no scheduled poll reached the sandbox');
    assert(
      perPoll.every((n) => n <= FEED_MAX_REQUESTS),
      `requests per poll: ${perPoll.join(', ')}`,
    );
  });
  check(
    'Item ID Field "id" on Douyin comments: the activation emitted all (Emit Existing), the next poll nothing',
    () => {
      assert(genericRuns.length === 1, `${genericRuns.length} executions`);
      const ids = genericRuns[0].items.map((i) => i.json.id);
      assert(ids.length === 15 && new Set(ids).size === 15, `${ids.length} items`);
      const usage = genericRuns[0].items[0].json.justoneapiUsage;
      assert(/^3 requests of 10/.test(usage?.summary ?? ''), JSON.stringify(usage));
      const later = requestsFor(polls.later, COMMENTS, '7300000000000000001').length;
      assert(later >= 3 && later % 3 === 0, `${later} requests in later polls`);
    },
  );
  check(
    'v2 Stop When a Page Has Nothing New: the activation read 3 pages, a poll with nothing new 1 request',
    () => {
      const first = requestsFor(polls.first, COMMENTS, V2_SEEN).length;
      assert(first === 3, `${first} requests in the activation poll`);
      const later = requestsFor(polls.later, COMMENTS, V2_SEEN);
      assert(later.length >= 1, 'no scheduled poll');
      assert(seenRuns.length === 0, `${seenRuns.length} executions (nothing was new)`);
      // Each poll starts at page 1: a request for any other page is a poll that read on past a seen page.
      const pages = later.map((q) => Number(q.query.page ?? 1));
      assert(
        pages.every((p) => p === 1),
        `pages requested by later polls: ${pages.join(', ')}`,
      );
    },
  );
  check('v1 saved without Poll Times keeps the old default: polled again at the next minute', () => {
    for (const a of defaults) assert(a.status === 200, `HTTP ${a.status}: ${JSON.stringify(a.body)}`);
    assert(requestsFor(polls.first, COMMENTS, V1_DEFAULT).length >= 1, 'no activation poll');
    assert(requestsFor(polls.later, COMMENTS, V1_DEFAULT).length >= 1, 'no scheduled poll');
  });
  // The hourly default polls at minute 0: if the wait crossed an hour, a poll there is right.
  const crossedHour = new Date().getHours() !== laterFrom.getHours();
  check('v2 (new triggers) polls every hour by default: activated, no poll at the next minute', () => {
    assert(requestsFor(polls.first, COMMENTS, V2_DEFAULT).length >= 1, 'no activation poll');
    const later = requestsFor(polls.later, COMMENTS, V2_DEFAULT).length;
    assert(crossedHour || later === 0, `${later} requests after the activation poll`);
  });
  const types = await nodeTypes(server);
  check(
    'the editor gets v2 with one Poll Times, every hour, the cost notice and Stop When a Page Has Nothing New; v1 every minute, without it',
    () => {
      const v2 = types.get('n8n-nodes-justoneapi.justOneApiTrigger@2');
      const v1 = types.get('n8n-nodes-justoneapi.justOneApiTrigger@1');
      const schedule = (t) => t.properties.filter((p) => p.name === 'pollTimes');
      assert(schedule(v2).length === 1, `${schedule(v2).length} Poll Times in v2`);
      assert(schedule(v2)[0].default.item[0].mode === 'everyHour', JSON.stringify(schedule(v2)[0].default));
      assert(schedule(v2)[0].options.length > 0, 'no schedule options');
      assert(v2.properties[1].type === 'notice' && /requests a day/.test(v2.properties[1].displayName));
      assert(schedule(v1).length === 1 && schedule(v1)[0].default.item[0].mode === 'everyMinute');
      const stop = (t) => t.properties.find((p) => p.name === 'stopAtSeen');
      assert(
        stop(v2)?.type === 'boolean' && stop(v2).default === true,
        'v2: no Stop When a Page Has Nothing New',
      );
      assert(stop(v1) === undefined, 'v1 has Stop When a Page Has Nothing New');
      const itemId = v2.properties.filter((p) => p.name === 'itemIdField');
      assert(
        itemId.every((p) => !p.required),
        'Item ID Field is required somewhere (Fetch Test Event disabled)',
      );
    },
  );
  server.stop();
  await pause(300);
  outputs += server.output();
  check('the token appears in no command output, server log or execution data', () => {
    assert(!outputs.includes(TOKEN), 'token found');
  });
  check("each poll's usage summary is in n8n's log", () => {
    assert(/Just One API Trigger: \d+ requests? of \d+/.test(server.output()), 'no usage line in the log');
  });
} catch (e) {
  results.push({ name: 'setup', ok: false });
  console.log(`FAIL n8n ${HOST.version} trigger: ${e.message}`);
  if (server) console.log(server.output().slice(-2000));
} finally {
  server?.stop();
  await sandbox.close();
  rmSync(userFolder, { recursive: true, force: true });
}
const failed = results.filter((r) => !r.ok).length;
console.log(`\nn8n trigger e2e: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
