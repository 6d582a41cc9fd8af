// The scheduled sync's steps (scripts/vendor-sync.mjs, what .github/workflows/vendor-sync.yml runs) end
// to end against a changed copy of the vendor document served over HTTP on 127.0.0.1: in a scratch
// repository it creates the branch, regenerates, writes the changeset whose bump follows the diff, and
// commits; the pull request body carries the diff. Only opening the pull request needs GitHub.
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANGES, changedDoc, DEFAULTED, NEW_DEFAULT, root } from './vendor-changes.js';

const scratch = mkdtempSync(join(tmpdir(), 'jo-vendor-sync-'));
let served = '';
let server: Server;
let url = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url !== '/v3/api-docs/public-api') return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(served);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3/api-docs/public-api`;
});
afterAll(() => {
  server.close();
  rmSync(scratch, { recursive: true, force: true });
});

const N8N = 'packages/n8n-nodes-justoneapi';
const FILES = [
  'scripts',
  'specs',
  'packages/sdk/src',
  'docs/operations.md',
  '.changeset/config.json',
  '.gitignore',
  ...[
    'tools',
    'nodes/shared',
    'nodes/icons',
    'nodes/released',
    'nodes/versions.json',
    'package.json',
    '.gitignore',
  ].map((f) => `${N8N}/${f}`),
];

/** A scratch repository with what the sync touches, committed on main, as the workflow's checkout. */
function repo(name: string, released = false) {
  const dir = join(scratch, name);
  for (const f of FILES) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    cpSync(join(root, f), join(dir, f), { recursive: true });
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  symlinkSync(join(root, N8N, 'node_modules'), join(dir, N8N, 'node_modules'));
  const git = (...a: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...a], {
      cwd: dir,
      encoding: 'utf8',
    }).trim();
  git('init', '-q', '-b', 'main');
  if (released) {
    // After a release: every current n8n node version is frozen in nodes/released.
    execFileSync(process.execPath, [join(dir, N8N, 'tools/generate.mjs'), '--release'], {
      cwd: join(dir, N8N),
    });
  }
  git('add', '-A');
  git('commit', '-qm', 'base');
  return { dir, git };
}

/** Runs the script as the workflow does (asynchronously: the server answers from this process). */
function spawnAsync(args: string[], cwd: string) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
    execFile(process.execPath, args, { cwd, encoding: 'utf8', timeout: 120_000 }, (err, stdout, stderr) =>
      resolve({ status: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    ),
  );
}

async function runSync(dir: string, branch: string) {
  const run = await spawnAsync(
    [
      join(dir, 'scripts/vendor-sync.mjs'),
      '--source',
      url,
      '--branch',
      branch,
      '--pr-body',
      join(dir, '..', `${branch.replace(/\W/g, '-')}.md`),
      '--github-output',
      join(dir, '..', `${branch.replace(/\W/g, '-')}.out`),
    ],
    dir,
  );
  const read = (ext: string) => {
    try {
      return readFileSync(join(dir, '..', `${branch.replace(/\W/g, '-')}${ext}`), 'utf8');
    } catch {
      return '';
    }
  };
  const outputs = Object.fromEntries(
    read('.out')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { run, outputs, body: read('.md') };
}

const day = new Date().toISOString().slice(0, 10);

describe('vendor sync against a served, changed document', () => {
  it('additive changes: a branch with the regenerated files and a minor changeset; the PR body has the diff', async () => {
    const { dir, git } = repo('additive');
    served = JSON.stringify(changedDoc(CHANGES.filter((c) => c.level !== 'breaking')), null, 2);
    const { run, outputs, body } = await runSync(dir, 'vendor-sync/additive');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(outputs).toMatchObject({ changed: 'true', branch: 'vendor-sync/additive', bump: 'minor' });
    expect(git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('vendor-sync/additive');
    expect(git('status', '--porcelain')).toBe('');
    const files = git('show', '--name-only', '--format=', 'HEAD').split('\n');
    expect(files).toEqual(
      expect.arrayContaining([
        'specs/vendor/public-api.json',
        'packages/sdk/src/generated/catalog/weibo.ts',
        'packages/sdk/src/generated/operation-names.txt',
        'docs/operations.md',
        `.changeset/vendor-sync-${day}.md`,
      ]),
    );
    // Nothing but specs/ and what is generated from it (no hand edit anywhere else).
    expect(files.filter((f) => !/^(specs|packages\/sdk\/src\/generated|docs|\.changeset)\//.test(f))).toEqual(
      [],
    );
    expect(readFileSync(join(dir, 'specs/vendor/public-api.json'), 'utf8')).toBe(served);
    expect(readFileSync(join(dir, 'packages/sdk/src/generated/operation-names.txt'), 'utf8')).toContain(
      'weibo.getFansV9 GET /api/weibo/get-fans/v9',
    );
    const changeset = readFileSync(join(dir, `.changeset/vendor-sync-${day}.md`), 'utf8');
    // Every released workspace package, by its package.json name (what `changeset version` accepts).
    const { ignore } = JSON.parse(readFileSync(join(root, '.changeset/config.json'), 'utf8'));
    const names = readdirSync(join(root, 'packages'))
      .map((d) => JSON.parse(readFileSync(join(root, 'packages', d, 'package.json'), 'utf8')).name as string)
      .filter((n) => !ignore.includes(n));
    expect(changeset.split('---')[1]!.trim().split('\n').sort()).toEqual(
      names.map((n) => `"${n}": minor`).sort(),
    );
    expect(changeset).toContain('additive: operation-added GET /api/weibo/get-fans/v9');
    expect(changeset).toContain('deprecating: deprecated GET /api/bilibili/get-user-detail/v2');
    for (const c of CHANGES.filter((x) => x.level !== 'breaking')) expect(body).toContain(c.endpoint);
    expect(body).toContain('changeset bump **minor**');
    // The new operation pages by `page`, which no overlay covers yet: generated unpaged, and the PR says so.
    expect(body).toContain('Needs a pagination entry');
    expect(body).toContain('/api/weibo/get-fans/v9');
  });

  it('breaking changes: a major changeset listing each', async () => {
    const { dir, git } = repo('breaking');
    served = JSON.stringify(changedDoc(CHANGES));
    const { run, outputs, body } = await runSync(dir, 'vendor-sync/breaking');
    expect(run.status, run.stderr).toBe(0);
    expect(outputs.bump).toBe('major');
    expect(git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('vendor-sync/breaking');
    const changeset = readFileSync(join(dir, `.changeset/vendor-sync-${day}.md`), 'utf8');
    expect(changeset).toMatch(/"@justoneapi\/sdk": major/);
    for (const c of CHANGES.filter((x) => x.level === 'breaking'))
      expect(changeset).toContain(`breaking: ${c.kind} ${c.endpoint}`);
    expect(body).toContain('BREAKING');
  });

  it('a document the generator refuses (an overlay target removed): the branch still has the document, the changeset and the reason', async () => {
    const { dir, git } = repo('refused');
    const doc = changedDoc([]);
    delete doc.paths['/api/weibo/get-fans/v1']; // specs/overlays/pagination.json pages it
    served = JSON.stringify(doc);
    const { run, outputs, body } = await runSync(dir, 'vendor-sync/refused');
    expect(run.status, run.stderr).toBe(0);
    expect(outputs).toMatchObject({ changed: 'true', generated: 'false', bump: 'major' });
    expect(body).toContain('The generator refused this document');
    expect(body).toContain('/api/weibo/get-fans/v1');
    const files = git('show', '--name-only', '--format=', 'HEAD').split('\n');
    expect(files).toEqual(['.changeset/vendor-sync-' + day + '.md', 'specs/vendor/public-api.json'].sort());
    expect(git('status', '--porcelain')).toBe('');
  });

  it('the same document: no branch, no commit, changed=false', async () => {
    const { dir, git } = repo('same');
    served = readFileSync(join(root, 'specs/vendor/public-api.json'), 'utf8');
    const { run, outputs } = await runSync(dir, 'vendor-sync/same');
    expect(run.status, run.stderr).toBe(0);
    expect(outputs).toEqual({ changed: 'false' });
    expect(git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(git('log', '--oneline').split('\n')).toHaveLength(1);
  });
});

describe('the workflow', () => {
  const yml = readFileSync(join(root, '.github/workflows/vendor-sync.yml'), 'utf8');
  it('runs daily and on demand, runs this script, the tests, then opens the pull request', () => {
    expect(yml).toMatch(/schedule:\n\s+- cron: /);
    expect(yml).toContain('workflow_dispatch:');
    const steps = ['node scripts/vendor-sync.mjs', 'run: npm test', 'gh pr create'].map((s) =>
      yml.indexOf(s),
    );
    expect(steps.every((i) => i > 0)).toBe(true);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    // Every option the workflow passes is one the script reads.
    const script = readFileSync(join(root, 'scripts/vendor-sync.mjs'), 'utf8');
    for (const [, flag] of yml.matchAll(/vendor-sync\.mjs[^\n]*?(--[a-z-]+)/g))
      expect(script).toContain(`'${flag}'`);
    for (const flag of yml.match(/--(source|branch|pr-body|github-output)\b/g) ?? [])
      expect(script).toContain(`'${flag}'`);
  });
});

describe('n8n node versions follow the diff after a release', () => {
  const versionsOf = (dir: string) => JSON.parse(readFileSync(join(dir, N8N, 'nodes/versions.json'), 'utf8'));
  const currentOf = (v: Record<string, { current: number }>) =>
    Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => k !== '$comment')
        .map(([k, x]) => [k, x.current]),
    );
  const bumped = (before: Record<string, number>, after: Record<string, number>) =>
    Object.entries(after)
      .filter(([k, n]) => n !== before[k])
      .sort();

  it('additive, deprecating and hiding changes extend the released versions (a retired operation keeps its option and fields for saved workflows)', async () => {
    const { dir, git } = repo('released-additive', true);
    const before = currentOf(versionsOf(dir));
    served = JSON.stringify(changedDoc(CHANGES.filter((c) => c.level !== 'breaking')));
    const { run, body } = await runSync(dir, 'vendor-sync/released-additive');
    expect(run.status, run.stderr).toBe(0);
    // Deprecated or hidden operations leave the Operation list of new nodes but keep an option shown only
    // while it is the saved value, and their fields: saved workflows mean what they meant, no new version.
    expect(bumped(before, currentOf(versionsOf(dir)))).toEqual([]);
    const changed = git('show', '--name-only', '--format=', 'HEAD').split('\n');
    // The new operation, the enum value and the optional parameter land in the released versions.
    expect(changed).toEqual(
      expect.arrayContaining([
        `${N8N}/nodes/released/weibo.v${before.weibo}.json`,
        `${N8N}/nodes/released/amazon.v${before.amazon}.json`,
        `${N8N}/nodes/released/douban.v${before.douban}.json`,
        `${N8N}/nodes/released/bilibili.v${before.bilibili}.json`,
        `${N8N}/nodes/released/imdb.v${before.imdb}.json`,
      ]),
    );
    expect(readFileSync(join(dir, N8N, `nodes/released/weibo.v${before.weibo}.json`), 'utf8')).toContain(
      'getFansV9',
    );
    expect(body).toContain('n8n bilibili v');
    expect(body).not.toContain('breaking change, new version');
    // The new parameter with a default: a minor version shows it; workflows saved on the version before
    // do not send it. Recorded by the generator in nodes/versions.json, the field behind '@version'.
    const minor = before.youtube! + 0.1;
    expect(versionsOf(dir).youtube).toEqual({
      current: before.youtube,
      released: [before.youtube],
      minors: { [String(minor)]: { [DEFAULTED.method]: ['lang'] } },
    });
    const snapshot = JSON.parse(
      readFileSync(join(dir, N8N, `nodes/released/youtube.v${before.youtube}.json`), 'utf8'),
    ) as Array<{ name: string; default: unknown; displayOptions?: { show?: Record<string, unknown> } }>;
    expect(snapshot.find((p) => p.name === 'lang')).toMatchObject({
      default: 'en',
      displayOptions: { show: { operation: [DEFAULTED.method], '@version': [{ _cnd: { gte: minor } }] } },
    });
    // A value added and made the default: the released field stays before the minor, the new default from it on.
    expect(versionsOf(dir).douyinXingtu.minors).toEqual({
      [String(before.douyinXingtu! + 0.1)]: { [NEW_DEFAULT.method]: [NEW_DEFAULT.name] },
    });
    const xingtu = JSON.parse(
      readFileSync(join(dir, N8N, `nodes/released/douyinXingtu.v${before.douyinXingtu}.json`), 'utf8'),
    ) as Array<{ name: string; default: unknown; displayOptions?: { show?: Record<string, unknown> } }>;
    expect(
      xingtu
        .filter(
          (p) => p.name === NEW_DEFAULT.name && JSON.stringify(p.displayOptions).includes(NEW_DEFAULT.method),
        )
        .map((p) => [p.default, p.displayOptions?.show?.['@version']]),
    ).toEqual([
      ['_1', [{ _cnd: { lt: before.douyinXingtu! + 0.1 } }]],
      [NEW_DEFAULT.value, [{ _cnd: { gte: before.douyinXingtu! + 0.1 } }]],
    ]);
    expect(changed).toContain(`${N8N}/nodes/versions.json`);
    expect(body).toContain(
      `n8n youtube v${minor}: a minor version for fields that would change what saved workflows send (${DEFAULTED.method}: lang)`,
    );
    expect(git('status', '--porcelain')).toBe('');
  });

  it('each breaking change yields exactly the expected new node version; the old one stays frozen', async () => {
    const { dir, git } = repo('released-breaking', true);
    const before = currentOf(versionsOf(dir));
    const frozen = readFileSync(join(dir, N8N, `nodes/released/amazon.v${before.amazon}.json`), 'utf8');
    served = JSON.stringify(changedDoc(CHANGES.filter((c) => c.level === 'breaking')));
    const { run } = await runSync(dir, 'vendor-sync/released-breaking');
    expect(run.status, run.stderr).toBe(0);
    // remove (imdb), rename (bilibili), retype (amazon); the trigger offers none of them.
    expect(bumped(before, currentOf(versionsOf(dir)))).toEqual([
      ['amazon', before.amazon! + 1],
      ['bilibili', before.bilibili! + 1],
      ['imdb', before.imdb! + 1],
    ]);
    expect(readFileSync(join(dir, N8N, `nodes/released/amazon.v${before.amazon}.json`), 'utf8')).toBe(frozen);
    // The renamed parameter is recorded, so a workflow saved with the old version sends its value.
    expect(versionsOf(dir).bilibili.renamed).toEqual({
      [before.bilibili!]: { getUserRelationStatV1: { wmidNew: 'wmid' } },
    });
    expect(git('status', '--porcelain')).toBe('');
  });
});
