// A vendor change after a release, end to end in real n8n (the newest host only, to stay cheap): in a
// scratch copy of the repository (nothing checked in is rewritten) a release is simulated (every current
// node version frozen), the vendor document is changed (test/vendor-changes.ts: Bilibili's `wmid`
// renamed, a type changed, an operation removed; YouTube's video detail gains `lang` with a default;
// Douyin Xingtu's fan distribution gets a new `fansType` value made its default),
// then scripts/vendor-sync.mjs regenerates as the scheduled workflow does and the SDK and this package
// are built and packed. Against a sandbox serving the CHANGED document (strict: an undeclared `wmid`
// is refused), a workflow saved before the change (test/fixtures/saved-before-vendor-change.json: a Set
// node feeding the two nodes, a sticky note) runs unchanged: its saved `wmid` goes out as `wmidNew`,
// YouTube v1 sends no `lang`, Xingtu v1 the old default. New workflows get Bilibili v2, YouTube v1.1
// (which sends `lang`) and Xingtu v1.1 (the new default).
// Usage: node e2e/vendor-change.mjs [n8n-version]   (prints its own duration: what it adds to test:e2e)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { installN8n, N8N_HOSTS } from './hosts.mjs';
import { n8nEnv, packInto } from './install.mjs';
import { n8nCommand, runJson } from './n8n-cli.mjs';

const started = Date.now();
const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(pkgDir, '../..');
const N8N = 'packages/n8n-nodes-justoneapi';
const TOKEN = 'tok-e2e-VENDOR-CHANGE-5151';
const { startSandbox } = await import('@justoneapi/sandbox');
const step = (what) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);

/** The synthetic changes (TypeScript, shared with the repo tests), bundled for this script. */
async function vendorChanges() {
  const out = join(tmpdir(), `jo-vendor-changes-${process.pid}.mjs`);
  await build({
    entryPoints: [join(root, 'test/vendor-changes.ts')],
    outfile: out,
    bundle: true,
    format: 'esm',
    platform: 'node',
    logLevel: 'error',
  });
  try {
    return await import(pathToFileURL(out).href);
  } finally {
    rmSync(out, { force: true });
  }
}

/** A scratch copy of what the sync and the builds read, with the installed dependencies linked in. */
function scratchRepo(dir) {
  const files = [
    'package.json',
    'pnpm-workspace.yaml',
    'tsconfig.base.json',
    'scripts',
    'specs',
    'docs/operations.md',
    '.changeset/config.json',
    ...['src', 'package.json', 'tsconfig.json', 'tsup.config.ts'].map((f) => `packages/sdk/${f}`),
    ...[
      'tools',
      'nodes/shared',
      'nodes/icons',
      'nodes/released',
      'nodes/versions.json',
      'credentials',
      'build.mjs',
      'package.json',
      'tsconfig.json',
      'README.md',
      'LICENSE',
    ].map((f) => `${N8N}/${f}`),
  ];
  for (const f of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    cpSync(join(root, f), join(dir, f), { recursive: true });
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  symlinkSync(join(root, 'packages/sdk/node_modules'), join(dir, 'packages/sdk/node_modules'));
  // The node package's dependencies, but @justoneapi/sdk is the copy (rebuilt from the changed document).
  const modules = join(dir, N8N, 'node_modules');
  mkdirSync(join(modules, '@justoneapi'), { recursive: true });
  for (const e of readdirSync(join(pkgDir, 'node_modules')))
    if (e !== '@justoneapi') symlinkSync(join(pkgDir, 'node_modules', e), join(modules, e));
  symlinkSync(join(dir, 'packages/sdk'), join(modules, '@justoneapi/sdk'));
  symlinkSync(join(root, 'packages/sandbox'), join(modules, '@justoneapi/sandbox'));
}

const run = (cmd, args, cwd, env = process.env) =>
  execFileSync(cmd, args, { cwd, env, encoding: 'utf8', stdio: 'pipe' });

const scratch = mkdtempSync(join(tmpdir(), 'jo-n8n-vendor-change-'));
const repo = join(scratch, 'repo');
const userFolder = join(scratch, 'n8n');
const problems = [];
let sandbox;
try {
  const { CHANGES } = await vendorChanges();
  const picked = CHANGES.filter((c) => c.level === 'breaking' || c.level === 'additive-behavioural');
  scratchRepo(repo);
  // The release: every current node version frozen in nodes/released (the release job's step).
  run(process.execPath, ['tools/generate.mjs', '--release'], join(repo, N8N));
  const versionsBefore = JSON.parse(readFileSync(join(repo, N8N, 'nodes/versions.json'), 'utf8'));
  const docFile = join(scratch, 'public-api.json');
  const doc = JSON.parse(readFileSync(join(root, 'specs/vendor/public-api.json'), 'utf8'));
  for (const c of picked) c.apply(doc);
  writeFileSync(docFile, JSON.stringify(doc, null, 2));
  step('copy made, release simulated');
  const sync = run(
    process.execPath,
    ['scripts/vendor-sync.mjs', '--source', docFile, '--no-commit', '--pr-body', join(scratch, 'pr.md')],
    repo,
  );
  step(`vendor sync: ${sync.split('\n')[0]}`);
  const versions = JSON.parse(readFileSync(join(repo, N8N, 'nodes/versions.json'), 'utf8'));
  const old = {
    bilibili: versionsBefore.bilibili.current,
    youtube: versionsBefore.youtube.current,
    douyinXingtu: versionsBefore.douyinXingtu.current,
  };
  assert.equal(versions.bilibili.current, old.bilibili + 1, 'Bilibili gets a new version');
  assert.deepEqual(versions.bilibili.renamed, {
    [old.bilibili]: { getUserRelationStatV1: { wmidNew: 'wmid' } },
  });
  const minor = old.youtube + 0.1;
  assert.deepEqual(versions.youtube.minors, { [String(minor)]: { getVideoDetailV1: ['lang'] } });
  const xingtuMinor = old.douyinXingtu + 0.1;
  assert.deepEqual(versions.douyinXingtu.minors, {
    [String(xingtuMinor)]: { getKolFansDistributionV1: ['fansType'] },
  });
  // The SDK and the node package built as `npm test` builds them (tsup; build.mjs), then packed.
  run(join(repo, 'packages/sdk/node_modules/.bin/tsup'), [], join(repo, 'packages/sdk'));
  run(process.execPath, ['build.mjs'], join(repo, N8N));
  step('SDK and node package built from the changed document');

  // The newest host by default (cheap); another by its version: node e2e/vendor-change.mjs 1.123.81
  const spec = N8N_HOSTS.find((h) => h.version === process.argv[2]) ?? N8N_HOSTS.at(-1);
  const host = installN8n(spec);
  packInto(userFolder, join(repo, N8N));
  const env = await n8nEnv(host, spec, userFolder);
  // The sandbox serves the changed document's operations (the copy's catalog), strictly.
  const { documentedOperations } = await import(pathToFileURL(join(repo, 'packages/sdk/dist/core.js')).href);
  sandbox = await startSandbox({ tokens: [TOKEN], operations: documentedOperations });

  // New versions appear for new workflows: what n8n's node panel creates (defaultVersion).
  const defaults = JSON.parse(
    run(
      host.node,
      [
        '-e',
        `const d = (c) => { const m = require(process.argv[1] + '/dist/nodes/' + c + '/' + c + '.node.js'); return new m[c]().description.defaultVersion; };
         console.log(JSON.stringify({ bilibili: d('Bilibili'), youtube: d('Youtube'), douyinXingtu: d('DouyinXingtu') }));`,
        join(userFolder, '.n8n/nodes/node_modules/n8n-nodes-justoneapi'),
      ],
      scratch,
      // n8n-workflow from the n8n install, as n8n resolves it for community nodes.
      { ...process.env, NODE_PATH: join(host.dir, 'node_modules') },
    ).replace(/^[^{]*/, ''),
  );
  assert.deepEqual(
    defaults,
    { bilibili: old.bilibili + 1, youtube: minor, douyinXingtu: xingtuMinor },
    'new workflows',
  );

  const saved = JSON.parse(
    readFileSync(join(pkgDir, 'test/fixtures/saved-before-vendor-change.json'), 'utf8'),
  );
  for (const n of saved.nodes)
    if (n.credentials) n.credentials = { justOneApi: { id: 'jo-good', name: 'Just One API good' } };
  const fresh = structuredClone(saved);
  fresh.id = 'newAfterVendorChange';
  fresh.name = 'Created after the vendor change';
  for (const n of fresh.nodes) {
    if (n.name === 'Bilibili followers') {
      n.typeVersion = old.bilibili + 1;
      n.parameters = { operation: 'getUserRelationStatV1', wmidNew: '={{ $json.creator }}' };
    }
    if (n.name === 'YouTube video') n.typeVersion = minor;
    if (n.name === 'Xingtu fans') n.typeVersion = xingtuMinor;
  }
  const files = join(userFolder, 'import');
  mkdirSync(join(files, 'workflows'), { recursive: true });
  writeFileSync(
    join(files, 'credentials.json'),
    JSON.stringify([
      {
        id: 'jo-good',
        name: 'Just One API good',
        type: 'justOneApi',
        data: { token: TOKEN, environment: 'custom', baseUrl: sandbox.url },
      },
    ]),
  );
  for (const wf of [saved, fresh])
    writeFileSync(join(files, 'workflows', `${wf.id}.json`), JSON.stringify({ ...wf, active: false }));
  for (const args of [
    ['import:credentials', `--input=${join(files, 'credentials.json')}`],
    ['import:workflow', '--separate', `--input=${join(files, 'workflows')}`],
  ]) {
    const r = await n8nCommand(host, env, args);
    if (r.code !== 0) throw new Error(`n8n ${args[0]} failed:\n${r.stdout}\n${r.stderr}`);
  }
  step(`n8n ${spec.version} ready`);

  /** Runs one workflow: the request each of our nodes sent, and the run. */
  const execute = async (id) => {
    sandbox.stats.reset();
    const r = await n8nCommand(host, env, ['execute', `--id=${id}`, '--rawOutput']);
    const out = runJson(r.stdout);
    const everything = `${r.stdout}\n${r.stderr}`;
    if (everything.includes(TOKEN)) problems.push(`${id}: the token appears in n8n's output`);
    if (!out) throw new Error(`${id}: no run JSON (exit ${r.code})\n${everything.slice(-1500)}`);
    const sent = (path) => sandbox.stats.requests.filter((q) => q.path.endsWith(path));
    return { out, runData: out.data.resultData.runData, sent, tail: everything.slice(-1500) };
  };
  const check = (id, fn) => {
    try {
      fn();
      console.log(`ok   ${id}`);
    } catch (e) {
      problems.push(`${id}: ${e.message}`);
      console.log(`FAIL ${id}: ${e.message}`);
    }
  };

  const a = await execute(saved.id);
  check(
    'the workflow saved before the change runs unchanged (Set node, sticky note, our three nodes)',
    () => {
      assert.equal(a.out.data.resultData.error, undefined, a.tail);
      assert.deepEqual(
        a.runData['Creator to check'][0].data.main[0].map((i) => i.json),
        [{ creator: '546195' }],
      );
      for (const name of ['Bilibili followers', 'YouTube video', 'Xingtu fans'])
        assert.ok(a.runData[name]?.[0]?.data?.main?.[0]?.length > 0, `${name} has output`);
    },
  );
  check(`Bilibili v${old.bilibili}: the saved wmid goes out as wmidNew, the vendor's new name`, () => {
    const [q, ...more] = a.sent('/get-user-relation-stat/v1');
    assert.equal(more.length, 0);
    assert.equal(q.code, 0);
    assert.deepEqual(q.urlQuery, { wmidNew: '546195', token: TOKEN });
  });
  check(`YouTube v${old.youtube}: sends exactly what it sent (no lang)`, () => {
    const [q] = a.sent('/get-video-detail/v1');
    assert.equal(q.code, 0);
    assert.deepEqual(q.urlQuery, { videoId: 'dQw4w9WgXcQ', token: TOKEN });
  });
  check(
    `Douyin Xingtu v${old.douyinXingtu}: fansType left at its default still sends the old default`,
    () => {
      const [q] = a.sent('/get-kol-fans-distribution/v1');
      assert.equal(q.code, 0);
      assert.deepEqual(q.urlQuery, { kolId: '546195', fansType: '_1', token: TOKEN });
    },
  );
  const b = await execute(fresh.id);
  check(
    `new workflow: Bilibili v${old.bilibili + 1} (wmidNew), YouTube v${minor} (lang sent), Xingtu v${xingtuMinor} (new default)`,
    () => {
      assert.equal(b.out.data.resultData.error, undefined, b.tail);
      assert.deepEqual(b.sent('/get-user-relation-stat/v1')[0].urlQuery, { wmidNew: '546195', token: TOKEN });
      const [q] = b.sent('/get-video-detail/v1');
      assert.equal(q.code, 0);
      assert.deepEqual(q.urlQuery, { videoId: 'dQw4w9WgXcQ', lang: 'en', token: TOKEN });
      assert.equal(b.sent('/get-kol-fans-distribution/v1')[0].urlQuery.fansType, '_9');
    },
  );
} catch (e) {
  problems.push(e.message);
  console.log(`FAIL ${e.message}`);
} finally {
  await sandbox?.close();
  rmSync(scratch, { recursive: true, force: true });
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `\nn8n e2e after a vendor change: ${problems.length ? `${problems.length} failed` : 'passed'} in ${seconds} s`,
);
process.exit(problems.length ? 1 : 0);
