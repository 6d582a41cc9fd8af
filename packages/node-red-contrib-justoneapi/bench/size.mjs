// Size and load bench: what this package adds to the Node-RED editor, measured on disk and as served
// by a real Node-RED (the devDependency, 4.x). Prints; never times anything.
//   node bench/size.mjs [vendor-openapi.json]
// With a vendor OpenAPI document (default: the repository's specs/vendor/public-api.json, if present)
// it also builds a projection with every vendor operation (348) and measures that too, so the budget
// is checked for the whole catalog before it lands in the SDK.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const PKG_NAME = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).name;
/** Budget per editor language, everything included (editor HTML + help + locale catalogues). */
const BUDGET = { raw: 600 * 1024, gzip: 120 * 1024 };
const kB = (n) => `${(n / 1024).toFixed(1)} kB`;
const LANGS = ['en-US', 'zh-CN'];

function files(dir, test) {
  const out = [];
  for (const f of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, f.name);
    if (f.isDirectory()) out.push(...files(p, test));
    else if (test(p)) out.push(p);
  }
  return out;
}
const size = (list) => list.reduce((n, f) => n + statSync(f).size, 0);

function onDisk(label, nodesDir) {
  const html = files(nodesDir, (p) => p.endsWith('.html') && !p.includes('/locales/'));
  console.log(`\n${label}: on disk`);
  console.log(`  editor HTML (${html.length} node sets)   ${kB(size(html))}`);
  for (const lang of LANGS)
    console.log(
      `  locales ${lang} (labels + help)   ${kB(size(files(join(nodesDir, 'locales', lang), () => true)))}`,
    );
  if (existsSync(join(nodesDir, 'lib.js')))
    console.log(`  runtime lib.js   ${kB(statSync(join(nodesDir, 'lib.js')).size)}`);
}

/** A catalog module (documentedOperations, documentedPlatforms, pagingParams) from a vendor OpenAPI document. */
function projectCatalog(specFile, outFile) {
  const spec = JSON.parse(readFileSync(specFile, 'utf8'));
  const camel = (s) => s.replace(/[-_](\w)/g, (_, c) => c.toUpperCase());
  const tags = new Map((spec.tags ?? []).map((t) => [t.name, t]));
  const ops = [];
  const platforms = new Map();
  const PAGING =
    /^(page|pageNum|offset|cursor|lastCursor|maxCursor|pcursor|last_buffer|start|searchId|pageToken|nextCursor|sessionId)$/;
  for (const [path, item] of Object.entries(spec.paths))
    for (const [httpMethod, op] of Object.entries(item)) {
      const seg = path.split('/').filter(Boolean);
      const namespace = camel(seg[1]);
      const method = camel(
        seg
          .slice(2)
          .join('-')
          .replace(/\/(v\d+)$/, '-$1'),
      ).replace(/-(v\d+)$/, (_, v) => v.toUpperCase());
      const form = op.requestBody?.content?.['application/x-www-form-urlencoded']?.schema;
      const raw = [
        ...(op.parameters ?? [])
          .filter((p) => p.name !== 'token')
          .map((p) => ({
            ...p.schema,
            name: p.name,
            required: p.required,
            description: p.description,
            in: 'query',
          })),
        ...Object.entries(form?.properties ?? {}).map(([name, s]) => ({
          ...s,
          name,
          required: form.required?.includes(name),
          in: 'body',
        })),
      ];
      const text = (s) => ({ en: s ?? '', zh: s ?? '' });
      const params = raw.map((p) => ({
        name: p.name,
        in: p.in,
        type: p.type ?? 'string',
        required: Boolean(p.required),
        ...(p.default !== undefined ? { default: p.default } : {}),
        ...(p.minimum !== undefined ? { minimum: p.minimum } : {}),
        ...(p.maximum !== undefined ? { maximum: p.maximum } : {}),
        ...(p.enum ? { enum: p.enum.map((v) => ({ value: v, label: text(String(v)) })) } : {}),
        displayName: p.name,
        description: text(p.description),
      }));
      const paging = params.filter((p) => PAGING.test(p.name)).map((p) => p.name);
      ops.push({
        id: `${namespace}.${method}`,
        namespace,
        method,
        httpMethod: httpMethod.toUpperCase(),
        path,
        params,
        ...(paging.length ? { pagination: { paging } } : {}),
        ...(op.deprecated ? { deprecated: true } : {}),
        ...(op['x-docs-hidden'] ? { hidden: true } : {}),
        ...(op['x-api-version'] ? { version: op['x-api-version'] } : {}),
        summary: text(op.summary),
        description: text(op.description),
      });
      const tag = tags.get(op.tags?.[0]);
      if (!platforms.has(namespace))
        platforms.set(namespace, {
          id: namespace,
          name: {
            en: tag?.name ?? namespace,
            zh: tag?.['x-platform-aliases']?.find((a) => /[\u4e00-\u9fff]/.test(a)) ?? namespace,
          },
          aliases: tag?.['x-platform-aliases'] ?? [namespace],
          description: tag?.description ?? '',
        });
    }
  writeFileSync(
    outFile,
    `export const documentedOperations = ${JSON.stringify(ops)};\nexport const documentedPlatforms = ${JSON.stringify([...platforms.values()])};\nexport const pagingParams = (op) => op.pagination ? op.pagination.paging : [];\n`,
  );
  return {
    ops: ops.length,
    listed: ops.filter((o) => !o.hidden).length,
    platforms: platforms.size,
    byPlatform: ops,
  };
}

async function served(label, dir) {
  const port = await new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
  const userDir = mkdtempSync(join(tmpdir(), 'jo-nr-bench-'));
  writeFileSync(
    join(userDir, 'settings.js'),
    `module.exports = ${JSON.stringify({ uiPort: port, uiHost: '127.0.0.1', credentialSecret: false, nodesDir: [dir], logging: { console: { level: 'warn' } } })};`,
  );
  const child = spawn(
    process.execPath,
    [require.resolve('node-red/red.js'), '-u', userDir, '-s', join(userDir, 'settings.js')],
    { stdio: ['ignore', 'ignore', 'inherit'], cwd: userDir },
  );
  const admin = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${admin}/settings`)).ok) break;
      } catch {}
      if (i > 300) throw new Error('Node-RED did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
    const listing = await (await fetch(`${admin}/nodes`, { headers: { accept: 'application/json' } })).json();
    const sets = listing.filter((n) => n.module === PKG_NAME);
    console.log(
      `\n${label}: served by Node-RED 4 (${sets.length} node sets, ${sets.flatMap((s) => s.types).length} types)`,
    );
    for (const lang of LANGS) {
      const get = async (path, accept) => {
        const r = await fetch(`${admin}${path}${path.includes('?') ? '&' : '?'}lng=${lang}`, {
          headers: { accept, 'accept-language': lang },
        });
        return Buffer.from(await r.arrayBuffer());
      };
      const all = await get('/nodes', 'text/html');
      // Node-RED marks each node set's HTML with <!-- --- [red-module:<module>/<set>] --- -->.
      const ours = Buffer.from(
        all
          .toString('utf8')
          .split(/(?=<!-- --- \[red-module:)/)
          .filter((part) => part.startsWith(`<!-- --- [red-module:${PKG_NAME}/`))
          .join(''),
      );
      const locales = Buffer.concat(
        await Promise.all(sets.map((s) => get(`/locales/${s.id}`, 'application/json'))),
      );
      const raw = ours.length + locales.length;
      const gz = gzipSync(ours).length + gzipSync(locales).length;
      console.log(
        `  ${lang}: node HTML ${kB(ours.length)} (${((100 * ours.length) / all.length).toFixed(0)} % of all node HTML the editor loads, ${kB(all.length)}), locale catalogues ${kB(locales.length)}; total ${kB(raw)} raw, ${kB(gz)} gzip; budget ${kB(BUDGET.raw)} / ${kB(BUDGET.gzip)} gzip: ${raw <= BUDGET.raw && gz <= BUDGET.gzip ? 'within' : 'OVER'}`,
      );
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(userDir, { recursive: true, force: true });
  }
}

onDisk('Current catalog', join(pkgDir, 'nodes'));
await served('Current catalog', pkgDir);

const specFile = process.argv[2] ?? join(pkgDir, '../../specs/vendor/public-api.json');
if (existsSync(specFile)) {
  const tmp = mkdtempSync(join(tmpdir(), 'jo-nr-projection-'));
  try {
    const catalog = projectCatalog(specFile, join(tmp, 'catalog.mjs'));
    const out = join(tmp, 'pkg', 'nodes');
    execFileSync(process.execPath, ['build.mjs'], {
      cwd: pkgDir,
      env: { ...process.env, JUSTONEAPI_NR_CATALOG: join(tmp, 'catalog.mjs'), JUSTONEAPI_NR_OUT: out },
      stdio: 'inherit',
    });
    const per = new Map();
    for (const op of catalog.byPlatform.filter((o) => !o.hidden))
      per.set(op.namespace, (per.get(op.namespace) ?? 0) + 1);
    const maxParams = Math.max(...catalog.byPlatform.map((o) => o.params.length));
    const label = `Projection: every vendor operation (${catalog.ops} operations, ${catalog.listed} listed, ${catalog.platforms} platforms)`;
    console.log(
      `\n${label}\n  largest node: ${Math.max(...per.values())} operations in its picker; the dialog builds one operation's fields at a time (at most ${maxParams})`,
    );
    onDisk(label, out);
    // Node-RED serves each set's editor HTML followed by its help in the editor's language, and the
    // locale catalogue of that language (the current catalog's figures above show the same sum).
    for (const lang of LANGS) {
      const html = Buffer.concat(
        [
          ...files(out, (p) => p.endsWith('.html') && !p.includes('/locales/')),
          ...files(join(out, 'locales', lang), (p) => p.endsWith('.html')),
        ].map((f) => readFileSync(f)),
      );
      const json = Buffer.concat(
        files(join(out, 'locales', lang), (p) => p.endsWith('.json')).map((f) => readFileSync(f)),
      );
      const raw = html.length + json.length;
      const gz = gzipSync(html).length + gzipSync(json).length;
      console.log(
        `  ${lang}: served ≈ node HTML ${kB(html.length)} + locale catalogues ${kB(json.length)} = ${kB(raw)} raw, ${kB(gz)} gzip; budget ${kB(BUDGET.raw)} / ${kB(BUDGET.gzip)} gzip: ${raw <= BUDGET.raw && gz <= BUDGET.gzip ? 'within' : 'OVER'}`,
      );
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
} else console.log(`\n(no vendor OpenAPI document at ${specFile}: projection skipped)`);
