// Builds nodes/ (what Node-RED loads), entirely from the SDK's catalog (documentedOperations +
// documentedPlatforms): nothing here names an operation. Writes
//   lib.js                       the runtime (CommonJS, SDK bundled in), shared by every node set
//   justoneapi-config.{js,html}  the account node, plus the editor code every node set shares
//   justoneapi-<platform>.{js,html}  one node per platform, with an operation picker
//   justoneapi-xhs-{users,feed}.{js,html}  the 0.1 node types, kept for saved flows
//   enum-labels.json             enum labels the runtime accepts as values ("food", "美食")
//   locales/{en-US,zh-CN}/<set>.{json,html}  labels, statuses, errors and help
// and keeps package.json's "node-red.nodes" in step with the platforms.
import { build, transform } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { platformLooks } from './src/icons.mjs';

// The bench's size projection builds from another catalog into another folder (see bench/size.mjs).
const CATALOG = process.env.JUSTONEAPI_NR_CATALOG;
const { documentedOperations, documentedPlatforms, pagingParams } = await import(
  CATALOG ? pathToFileURL(CATALOG).href : '@justoneapi/sdk/core'
);
const OUT = process.env.JUSTONEAPI_NR_OUT ?? 'nodes';
const LANGS = ['en-US', 'zh-CN'];
const NS = `${JSON.parse(readFileSync('package.json', 'utf8')).name}/justoneapi-config:`;
const COLOR = '#FF8A96'; // the 0.1 node types and the account node
const LEGACY = [
  { type: 'justoneapi-xhs-users', operation: 'xiaohongshu.searchUsers', palette: 'xhs users' },
  { type: 'justoneapi-xhs-feed', operation: 'xiaohongshu.getNoteFeed', palette: 'xhs feed' },
].filter((l) => {
  // The SDK keeps both ids; only the bench's projection (method names from vendor paths) lacks them.
  if (documentedOperations.some((op) => op.id === l.operation)) return true;
  if (!CATALOG) throw new Error(`${l.operation} is missing from the catalog: saved ${l.type} nodes need it`);
  return false;
});
const esc = (s) =>
  String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const zh = (lang) => lang === 'zh-CN';
const read = (f) => readFileSync(f, 'utf8');
const json = (v) => JSON.stringify(v).replace(/</g, '\\u003c');
/** The first sentence or line of a description, for tooltips. */
const first = (s, max = 160) => {
  const line = String(s ?? '')
    .split(/\n|(?<=[.。])\s/)[0]
    .trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

// ---- what the catalog offers ------------------------------------------------------------------
const listed = documentedOperations.filter((op) => !op.hidden);
const platformIds = [...new Set(listed.map((op) => op.namespace))];
const platforms = platformIds.map(
  (id) =>
    documentedPlatforms.find((p) => p.id === id) ?? {
      id,
      name: { en: id, zh: id },
      aliases: [id],
      description: '',
    },
);
const typeOf = (p) => `justoneapi-${p.id}`;
const looks = platformLooks(platforms);
/** A platform none of whose listed operations is offered to new nodes (all deprecated) leaves the palette. */
const offersNothing = (p) => listed.every((op) => op.namespace !== p.id || op.deprecated);
/** Node-RED's palette breaks labels at "-" and rejoins with spaces ("E - commerce"): a non-breaking hyphen. */
const paletteText = (s) => s.replace(/-/g, '\u2011');

// ---- package.json: one node set per platform, generated ------------------------------------------
const pkg = JSON.parse(read('package.json'));
const nodes = {
  'justoneapi-config': 'nodes/justoneapi-config.js',
  ...Object.fromEntries(LEGACY.map((l) => [l.type, `nodes/${l.type}.js`])),
  ...Object.fromEntries(platforms.map((p) => [typeOf(p), `nodes/${typeOf(p)}.js`])),
};
if (!CATALOG && JSON.stringify(pkg['node-red'].nodes) !== JSON.stringify(nodes)) {
  pkg['node-red'].nodes = nodes;
  writeFileSync('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
  console.log('package.json: node-red.nodes updated from the catalog (commit it)');
}

// ---- runtime ----------------------------------------------------------------------------------
rmSync(OUT, { recursive: true, force: true });
mkdirSync(`${OUT}/locales`, { recursive: true });
/**
 * The SDK's client loads its enum labels lazily, for a value that is no enum value. The nodes already give
 * it a catalog with the labels merged in (enum-labels.json, read by labels.ts), so that table would only
 * weigh on nodes/lib.js (its size budget): it resolves to an empty one here.
 */
const ownEnumLabels = {
  name: 'own-enum-labels',
  setup(b) {
    b.onResolve({ filter: /labels/ }, (args) =>
      args.kind === 'dynamic-import' && /[\\/](sdk[\\/]dist|@justoneapi[\\/]sdk)[\\/]/.test(args.importer)
        ? { path: 'sdk-enum-labels', namespace: 'own-enum-labels' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'own-enum-labels' }, () => ({
      contents: 'export const labelledOperations = [];',
      loader: 'js',
    }));
  },
};
await build({
  plugins: [ownEnumLabels],
  entryPoints: { lib: 'src/nodes/lib.ts' },
  outdir: OUT,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['./enum-labels.json'],
  define: { __PACKAGE_NAME__: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).name) },
  logLevel: 'error',
});
const thin = (call) =>
  `// module.exports is the function itself, so require() (Node-RED 4) and import() (Node-RED 5) both get it.\nmodule.exports = (RED) => require('./lib.js').${call};\n`;
writeFileSync(`${OUT}/justoneapi-config.js`, thin('registerConfig(RED)'));
for (const l of LEGACY)
  writeFileSync(`${OUT}/${l.type}.js`, thin(`registerLegacyNode(RED, '${l.type}', '${l.operation}')`));
for (const p of platforms)
  writeFileSync(`${OUT}/${typeOf(p)}.js`, thin(`registerPlatformNode(RED, '${p.id}')`));
const enumLabels = {};
for (const op of documentedOperations)
  for (const p of op.params)
    if (p.enum?.some((e) => e.label && (e.label.en !== String(e.value) || e.label.zh !== String(e.value))))
      (enumLabels[op.id] ??= {})[p.name] = Object.fromEntries(
        p.enum.map((e) => [String(e.value), [e.label.en, e.label.zh]]),
      );
writeFileSync(`${OUT}/enum-labels.json`, JSON.stringify(enumLabels));
cpSync('src/icons', `${OUT}/icons`, { recursive: true });
for (const p of platforms) writeFileSync(`${OUT}/icons/${typeOf(p)}.svg`, looks[p.id].svg);

// ---- editor -----------------------------------------------------------------------------------
const check = await build({
  entryPoints: ['src/editor/check.ts'],
  bundle: true,
  write: false,
  minify: true,
  format: 'iife',
  globalName: 'JustOneApiCheck',
  platform: 'browser',
  target: 'es2019',
  logLevel: 'error',
});
const shared = (
  await transform(read('src/editor/shared.js').replaceAll('__NS__', NS), { minify: true, target: 'es2019' })
).code;
writeFileSync(
  `${OUT}/justoneapi-config.html`,
  read('src/editor/config.html').replace(
    '__SHARED__',
    () => `${new TextDecoder().decode(check.outputFiles[0].contents)}\n${shared}`,
  ),
);
const rows = (paged) => read('src/editor/rows.html').replaceAll('__NS__', NS).replaceAll('__PAGED__', paged);

/** Language-neutral operation table for one platform's editor (texts are in its locale). */
const opTable = (ops) =>
  ops.map((op) => {
    const paging = pagingParams(op);
    return {
      m: op.method,
      ...(op.aliases?.length ? { a: op.aliases } : {}),
      ...(op.version ? { v: op.version } : {}),
      ...(op.deprecated ? { d: 1 } : {}),
      ...(op.pagination ? { pg: paging } : {}),
      // The vendor's danger highlights: [name to acknowledge, its text]; the editor shows a checkbox for each.
      ...(op.danger?.length ? { k: op.danger.map((h) => [h.acknowledge, h.text]) } : {}),
      p: op.params.map((p) => ({
        n: p.name,
        t: p.type,
        ...(p.required ? { r: 1 } : {}),
        ...(p.default !== undefined ? { df: p.default } : {}),
        ...(p.minimum !== undefined ? { min: p.minimum } : {}),
        ...(p.maximum !== undefined ? { max: p.maximum } : {}),
        ...(p.enum ? { e: p.enum.map((e) => e.value) } : {}),
      })),
    };
  });
const platformOps = (p) => listed.filter((op) => op.namespace === p.id);
const keywordLike = (q) => /keyword|query|^q$|search/i.test(q.name);
/** Needs nothing the user has to look up first (an id): every required value is a keyword, enum or default. */
const fillable = (op) =>
  op.params
    .filter((q) => q.required)
    .every((q) => q.enum?.length || q.default !== undefined || keywordLike(q));
const versionOf = (op) => Number(/\d+/.exec(op.version ?? '')?.[0] ?? 0);
/**
 * What a new node opens on: the platform's main search (a search that needs only a keyword, paged and
 * newest first), else any operation that needs no id, else the first offered one.
 */
const firstOffered = (ops) => {
  const offered = ops.filter((op) => !op.deprecated);
  const rank = (op) => (/^search/i.test(op.method) ? 2 : 0) + (op.pagination ? 1 : 0);
  const searches = offered
    .filter((op) => /search/i.test(op.method) && fillable(op))
    .sort((a, b) => rank(b) - rank(a) || versionOf(b) - versionOf(a));
  return (searches[0] ?? offered.find(fillable) ?? offered[0] ?? ops[0]).method;
};

for (const p of platforms) {
  const ops = platformOps(p);
  writeFileSync(
    `${OUT}/${typeOf(p)}.html`,
    read('src/editor/platform.html')
      .replaceAll('__TYPE__', typeOf(p))
      .replaceAll('__NS__', NS)
      .replace('__CATEGORY__', offersNothing(p) ? 'deprecated' : 'Just One API')
      .replace('__OPS__', () => json(opTable(ops)))
      .replace('__ALIASES__', () => json([...new Set([p.name.en, p.name.zh, ...p.aliases])]))
      .replace('__FIRST__', firstOffered(ops))
      .replace('__COLOR__', looks[p.id].color)
      .replace('__ICON__', `${typeOf(p)}.svg`)
      .replace('__ROWS__', () => rows('justoneapi-paged')),
  );
}

const legacyParamLabel = (p, lang) =>
  zh(lang) ? p.description.zh.replace(/[。.]$/, '').split('，')[0] : p.displayName;
for (const l of LEGACY) {
  const op = documentedOperations.find((o) => o.id === l.operation);
  const defaults = op.params.map((p) => `      ${p.name}: { value: '' },`).join('\n');
  const paramRows = op.params
    .map((p) => {
      const label = `<label for="node-input-${p.name}"><i class="fa fa-${p.enum ? 'list' : 'pencil'}"></i> <span data-i18n="${l.type}.label.${p.name}"></span></label>`;
      const field = p.enum
        ? `<select id="node-input-${p.name}" style="width: 70%">\n      <option value="">msg.${p.name}${p.default ? ` (${esc(p.default)})` : ''}</option>\n${p.enum.map((e) => `      <option value="${esc(e.value)}">${esc(e.label.en)} · ${esc(e.label.zh)}</option>`).join('\n')}\n    </select>`
        : `<input type="text" id="node-input-${p.name}" style="width: 70%" placeholder="msg.${p.name}" />`;
      return `  <div class="form-row">\n    ${label}\n    ${field}\n  </div>`;
    })
    .join('\n');
  const firstParam = op.params.find((p) => p.required) ?? op.params[0];
  writeFileSync(
    `${OUT}/${l.type}.html`,
    read('src/editor/legacy.html')
      .replaceAll('__TYPE__', l.type)
      .replaceAll('__NS__', NS)
      .replace('__COLOR__', COLOR)
      .replace('__PARAM_DEFAULTS__', defaults)
      .replace('__PARAM_ROWS__', paramRows)
      .replace('__ROWS__', () => rows(''))
      .replace(
        '__LABEL__',
        `(this.${firstParam.name} ? '${l.palette}: ' + this.${firstParam.name} : '${l.palette}')`,
      ),
  );
}

// ---- locales ----------------------------------------------------------------------------------
/** A vendor highlight as one line: "Danger: … (tick Acknowledge to call it)". */
const highlightLine = (h) =>
  `${h.type[0].toUpperCase()}${h.type.slice(1)}: ${h.content}${h.acknowledge ? ` [acknowledge: ${h.acknowledge}]` : ''}`;
/** Summary without a leading platform name ("小红书 - 笔记流 (V1)" -> "笔记流 (V1)"). */
const summary = (op, p, lang) => {
  const s = (zh(lang) ? op.summary.zh : op.summary.en).replace(
    /\((V\d+)\)/g,
    (_, v) => `(${v.toLowerCase()})`,
  );
  return s.replace(
    new RegExp(
      `^(${[p.name.en, p.name.zh, ...p.aliases].map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\s*[-–:：]\\s*`,
    ),
    '',
  );
};
const paramLabel = (param, lang) => {
  if (!zh(lang)) return param.displayName;
  const d = param.description.zh.replace(/[。.]$/, '').split(/[，。,]/)[0];
  return d && d.length <= 12 ? d : param.displayName;
};
for (const lang of LANGS) {
  const dir = `${OUT}/locales/${lang}`;
  mkdirSync(dir, { recursive: true });
  const common = read(`src/locales/${lang}/common-help.html`);
  writeFileSync(`${dir}/justoneapi-config.json`, read(`src/locales/${lang}/messages.json`));
  writeFileSync(`${dir}/justoneapi-config.html`, read(`src/locales/${lang}/justoneapi-config.html`));
  for (const l of LEGACY) {
    const messages = JSON.parse(read(`src/locales/${lang}/${l.type}.json`));
    for (const p of documentedOperations.find((o) => o.id === l.operation).params)
      messages[l.type].label[p.name] = legacyParamLabel(p, lang);
    writeFileSync(`${dir}/${l.type}.json`, `${JSON.stringify(messages, null, 2)}\n`);
    writeFileSync(
      `${dir}/${l.type}.html`,
      read(`src/locales/${lang}/${l.type}.html`).replace('__COMMON__', common),
    );
  }
  const text = (t) => (zh(lang) ? t.zh : t.en);
  for (const p of platforms) {
    const ops = platformOps(p);
    const short = zh(lang) ? p.name.zh : looks[p.id].short;
    const messages = {
      paletteLabel: paletteText(short),
      short,
      ops: Object.fromEntries(
        ops.map((op) => {
          const entry = { s: summary(op, p, lang), tip: first(text(op.description)), p: {}, h: {} };
          // The vendor's highlights (its words, in English; `highlightsOf` in the SDK), one per line, shown in the edit dialog.
          if (op.highlights?.length) entry.hl = op.highlights.map(highlightLine).join('\n');
          for (const param of op.params) {
            entry.p[param.name] = paramLabel(param, lang);
            const hint = first(text(param.description), 120);
            if (hint) entry.h[param.name] = hint;
            if (param.enum?.length)
              (entry.e ??= {})[param.name] = Object.fromEntries(
                param.enum.map((e) => [String(e.value), text(e.label)]),
              );
          }
          return [op.method, entry];
        }),
      ),
    };
    // Top-level keys: the editor's def._('paletteLabel') and def._('ops.<method>.s') read them as they are.
    writeFileSync(`${dir}/${typeOf(p)}.json`, JSON.stringify(messages));
    const items = ops
      .filter((op) => !op.deprecated)
      .map((op) => {
        const params = op.params.map((x) => `${x.name}${x.required ? '*' : ''}`).join(', ');
        const notes = (op.highlights ?? []).map((h) => `<br><i>${esc(highlightLine(h))}</i>`).join('');
        return `    <li><b>${esc(summary(op, p, lang))}</b>${op.version ? ` ${esc(op.version)}` : ''} <code>${esc(op.method)}</code>${op.pagination ? (zh(lang) ? '，分页' : ', paged') : ''}${params ? `: ${esc(params)}` : ''}${notes}</li>`;
      });
    const deprecated = ops.filter((op) => op.deprecated).length;
    if (deprecated)
      items.push(
        `    <li><i>${zh(lang) ? `另有 ${deprecated} 个已弃用接口：已保存的节点仍可运行，新节点不再提供。` : `${deprecated} more are deprecated: saved nodes still run them; new nodes do not offer them.`}</i></li>`,
      );
    writeFileSync(
      `${dir}/${typeOf(p)}.html`,
      read(`src/locales/${lang}/platform-help.html`)
        .replaceAll('__TYPE__', typeOf(p))
        .replace('__NAME__', esc(zh(lang) ? p.name.zh : p.name.en))
        .replace('__COUNT__', String(ops.filter((op) => !op.deprecated).length))
        .replace('__DESCRIPTION__', () => (zh(lang) ? '' : esc(p.description)))
        .replace('__COMMON__', () => common)
        .replace('__OPERATIONS__', () => items.join('\n')),
    );
  }
}

// ---- examples/06-every-platform.json: one node of each platform type -----------------------------
// Generated (gitignored) so a new platform reaches it with no hand edit; the Flow Library scorecard
// wants every node type in an example. Each node has its own inject: nothing runs until one is pressed.
if (!CATALOG) {
  // The op a new node opens on; a platform whose operations are all deprecated (saved nodes still run
  // them) shows one of those.
  const sampleOp = (p) => {
    const ops = platformOps(p);
    return ops.find((op) => op.method === firstOffered(ops));
  };
  const sampleValue = (q) =>
    q.enum?.length
      ? q.enum[0].value
      : q.default !== undefined
        ? q.default
        : keywordLike(q)
          ? 'coffee'
          : 'example';
  const tab = 'jo-ex-6';
  const flow = [
    {
      id: tab,
      type: 'tab',
      label: 'Every platform',
      info: 'One Just One API node per platform, each set to a sample operation. Nothing runs until you press an inject button; each press is one paid call. Add your token in the "Just One API" account node first.',
    },
    { id: `${tab}-cfg`, type: 'justoneapi-config', name: 'Just One API', region: 'global' },
    {
      id: `${tab}-debug`,
      type: 'debug',
      z: tab,
      name: 'results',
      active: true,
      tosidebar: true,
      console: false,
      tostatus: false,
      complete: 'payload',
      targetType: 'msg',
      x: 760,
      y: 40,
      wires: [],
    },
  ];
  platforms.forEach((p, i) => {
    const op = sampleOp(p);
    if (!op) return;
    const y = 40 + i * 50;
    const node = `${tab}-${p.id}`;
    const params = Object.fromEntries(
      op.params
        .filter((q) => q.required)
        .map((q) => [
          q.name,
          { t: typeof sampleValue(q) === 'number' ? 'num' : 'str', v: String(sampleValue(q)) },
        ]),
    );
    flow.push(
      {
        id: `${node}-inject`,
        type: 'inject',
        z: tab,
        name: p.name.en,
        props: [],
        repeat: '',
        crontab: '',
        once: false,
        onceDelay: 0.1,
        topic: '',
        x: 140,
        y,
        wires: [[node]],
      },
      {
        id: node,
        type: typeOf(p),
        z: tab,
        name: '',
        config: `${tab}-cfg`,
        operation: op.method,
        params,
        mode: 'all',
        pages: '1',
        limit: '',
        output: 'records',
        maxQueue: '1000',
        x: 420,
        y,
        wires: [[`${tab}-debug`]],
      },
    );
  });
  writeFileSync('examples/06-every-platform.json', `${JSON.stringify(flow, null, 2)}\n`);
}
