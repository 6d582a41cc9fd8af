// Every example, as shipped: spends nothing until an inject is pressed, carries no token, names only
// operations the catalog has (the Douyin one is skipped until the catalog lists it), and runs against
// the sandbox in a real Node-RED runtime with the core nodes it uses (inject, change, csv, file).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@justoneapi/sandbox';
import { operations } from '@justoneapi/sdk';
import { catchNode, configNode, feedNode, helper, usersNode } from './helper';

const require = createRequire(import.meta.url);
const core = createRequire(require.resolve('node-red'));
const coreNodes = [
  'common/20-inject.js',
  'function/15-change.js',
  'parsers/70-CSV.js',
  'storage/10-file.js',
].map((f) => core(`@node-red/nodes/core/${f}`));
const dir = new URL('../examples/', import.meta.url);
const examples = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, flow: JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as any[] }));
const SECRET = 'tok-NR-EXAMPLES-SECRET';
let sandbox: Sandbox;
let tmp: string;
beforeAll(async () => {
  sandbox = await startSandbox({ tokens: [SECRET] });
  tmp = mkdtempSync(join(tmpdir(), 'jo-nr-examples-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  return sandbox.close();
});
beforeEach(() => helper.startServer());
afterEach(async () => {
  await helper.unload();
  await helper.stopServer();
  sandbox.stats.reset();
});

/** The catalog operation a platform node names, if the catalog has it. */
const opOf = (n: any) =>
  n.type === 'justoneapi-xhs-users'
    ? 'xiaohongshu.searchUsers'
    : n.type === 'justoneapi-xhs-feed'
      ? 'xiaohongshu.getNoteFeed'
      : `${n.type.replace(/^justoneapi-/, '')}.${n.operation}`;
const ours = (flow: any[]) =>
  flow.filter((n) => /^justoneapi-/.test(n.type) && n.type !== 'justoneapi-config');
const missing = (flow: any[]) => ours(flow).filter((n) => !operations.some((o) => o.id === opOf(n)));

describe.each(examples)('example $file', ({ file, flow }) => {
  it('spends nothing until a user presses inject, and carries no token', () => {
    const injects = flow.filter((n) => n.type === 'inject');
    expect(injects.length).toBeGreaterThan(0);
    for (const n of injects) {
      expect(n.repeat, n.id).toBe('');
      expect(n.crontab ?? '', n.id).toBe('');
      expect(n.once, n.id).toBe(false);
    }
    expect(JSON.stringify(flow)).not.toMatch(/"credentials"|"token"/);
    expect(ours(flow).length).toBeGreaterThan(0);
  });

  it.skipIf(missing(flow).length > 0)('runs against the sandbox (each inject pressed once)', async () => {
    const csvFile = join(tmp, `${file}.csv`);
    const patched = flow.map((n) => {
      if (n.type === 'justoneapi-config') return { ...n, region: 'custom', baseUrl: sandbox.url };
      if (n.type === 'debug') return { id: n.id, type: 'helper', z: n.z };
      if (n.type === 'file') return { ...n, filename: csvFile };
      return n;
    });
    const types = [...new Set(ours(flow).map((n) => n.type))];
    const platformModules = types
      .filter((t) => !t.startsWith('justoneapi-xhs-'))
      .map((t) => require(`../nodes/${t}.js`));
    await helper.load(
      [configNode, usersNode, feedNode, ...platformModules, catchNode, ...coreNodes],
      patched,
      {
        ...Object.fromEntries(
          flow.filter((n) => n.type === 'justoneapi-config').map((n) => [n.id, { token: SECRET }]),
        ),
      },
    );
    const seen: any[] = [];
    for (const n of patched.filter((x) => x.type === 'helper'))
      helper.getNode(n.id).on('input', (m: any) => seen.push({ debug: n.id, m }));
    expect(sandbox.stats.total()).toBe(0); // loading (deploying) spends nothing
    for (const n of flow.filter((x) => x.type === 'inject')) {
      const before = seen.length;
      helper.getNode(n.id).receive({});
      const leadsToUs = ours(flow).some((o) => n.wires[0].includes(o.id));
      for (let i = 0; i < 200 && leadsToUs && seen.length === before; i++)
        await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 50));
    }
    const errors = seen.filter((s) => s.m.error);
    expect(errors.map((e) => e.m.error.message)).toEqual([]);
    expect(sandbox.stats.total()).toBeGreaterThan(0);
    if (flow.some((n) => n.type === 'file')) {
      for (let i = 0; i < 100 && !existsSync(csvFile); i++) await new Promise((r) => setTimeout(r, 20));
      const csv = readFileSync(csvFile, 'utf8').split('\n');
      expect(csv[0]).toMatch(/^id,title,type,likes/);
      expect(csv.length).toBeGreaterThan(10);
    }
    if (file.startsWith('03-')) {
      const pages = sandbox.stats.requests
        .filter((r) => r.path.includes('search-user'))
        .map((r) => [r.query.keyword, r.query.page]);
      expect(pages).toEqual([['咖啡', '2']]); // msg.keyword + flow.startPage
      expect(sandbox.stats.requests.find((r) => r.path.includes('feed'))!.query.oid).toBe('homefeed_food_v3'); // env XHS_FEED
    }
  });
});

it('the Douyin example targets an operation the full catalog will have (douyin.searchVideoV4)', () => {
  const douyin = examples.find((e) => e.file.startsWith('04-'))!;
  expect(ours(douyin.flow).map(opOf)).toEqual(['douyin.searchVideoV4']);
});
