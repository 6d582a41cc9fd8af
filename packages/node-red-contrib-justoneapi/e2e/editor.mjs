// The editor as a person sees it, in headless Chromium (Debian's `chromium`, driven by puppeteer-core):
// every platform node's dialog has its labels and hints filled (no i18n key, no empty box), every
// platform has its own icon, nodes that offer nothing stay out of the palette, and the Chinese editor
// names operations in Chinese wherever the vendor gives a Chinese title.
// JUSTONEAPI_NR_SCREENSHOTS=<dir> also saves the README's screenshots there.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { documentedOperations, pagingParams } from '@justoneapi/sdk/core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CJK = /[\u3400-\u9fff]/;

/** Debian's chromium, installed with apt-get when missing and running as root (CI), as the queue e2e does for Redis. */
export function ensureChromium() {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  if (process.getuid?.() !== 0) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  execFileSync('apt-get', ['update'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit' });
  return CHROMIUM;
}

/** What is wrong in the open edit dialog: empty labels or hints, raw keys, placeholders, empty options. */
function dialogProblems() {
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const form = document.querySelector('#dialog-form');
  if (!form) return ['no dialog'];
  const out = [];
  const text = (el) => (el.textContent || '').trim();
  for (const el of form.querySelectorAll('label, .form-tips, option, span[data-i18n]'))
    if (visible(el) && !text(el) && !el.querySelector('input'))
      out.push(
        `empty ${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} (${el.outerHTML.slice(0, 120)})`,
      );
  for (const el of form.querySelectorAll('input[placeholder]'))
    if (/__\w+__|:common\./.test(el.getAttribute('placeholder'))) out.push(`raw placeholder ${el.id}`);
  // biome-ignore lint/performance/useDomNodeTextContent: what a person sees (hidden rows left out)
  const all = form.innerText;
  const raw = /__[A-Z][A-Z_]*__|[\w-]+\/[\w-]+:[\w.]+|\bcommon\.(label|mode|output|placeholder)\.\w+/.exec(
    all,
  );
  if (raw) out.push(`raw key "${raw[0]}"`);
  return out;
}

const IMPORT_OPTIONS = { touchImport: true, applyNodeDefaults: true, notify: false };

/** Opens a node's dialog: as the palette adds one (defaults applied), or `saved` as a deployed flow loads it (none). */
async function openDialog(page, type, extra = {}, saved = false) {
  await page.evaluate(
    (type, extra, IMPORT) => {
      const id = RED.nodes.id();
      // As the palette adds a node: defaults applied, placed (not attached to the mouse).
      RED.view.importNodes([{ id, type, x: 200, y: 100, z: RED.workspaces.active(), ...extra }], IMPORT);
      window.__joOpen = id;
      RED.editor.edit(RED.nodes.node(id));
    },
    type,
    extra,
    saved ? { ...IMPORT_OPTIONS, applyNodeDefaults: false } : IMPORT_OPTIONS,
  );
  await page.waitForSelector('#node-input-operation option', { timeout: 10000 });
  await page.waitForFunction(() => $('#justoneapi-params').children().length > 0, { timeout: 10000 });
}

async function closeDialog(page) {
  await page.evaluate(() => document.querySelector('#node-dialog-cancel')?.click());
  await page.waitForFunction(() => !document.querySelector('#dialog-form'), { timeout: 10000 });
  await page.evaluate(() => {
    const n = RED.nodes.node(window.__joOpen);
    if (n) RED.nodes.remove(n.id);
    RED.view.redraw(true);
  });
}

/** A few platform nodes side by side, as a person would lay them out: labels tell the platforms apart. */
async function layOut(page, types) {
  await page.evaluate(
    (types, IMPORT) => {
      const z = RED.workspaces.active();
      RED.view.importNodes(
        types.map((type, i) => ({
          id: RED.nodes.id(),
          type,
          x: 180 + (i % 2) * 300,
          y: 80 + Math.floor(i / 2) * 60,
          z,
        })),
        IMPORT,
      );
      RED.view.select([]);
      RED.view.redraw(true);
    },
    types,
    IMPORT_OPTIONS,
  );
  await new Promise((r) => setTimeout(r, 300));
}

/**
 * Runs the editor checks against a running Node-RED at `admin` in `lang`, reporting through `check`.
 * `module` is the package name, `types` the platform node types it registers.
 */
export async function editorChecks({ admin, lang, check, module, types, hostName }) {
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    executablePath: ensureChromium(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', `--lang=${lang}`],
  });
  const shots = process.env.JUSTONEAPI_NR_SCREENSHOTS;
  if (shots) mkdirSync(shots, { recursive: true });
  /** A small PNG of one part of the editor (the element matching `selector`, or a region). */
  const shot = async (page, name, selector, pad = 0) => {
    if (!shots) return;
    await page.evaluate(() => $('.red-ui-notification').remove());
    const box = typeof selector === 'string' ? await (await page.$(selector))?.boundingBox() : selector;
    const clip = box && {
      x: box.x - pad,
      y: box.y - pad,
      width: box.width + 2 * pad,
      height: box.height + 2 * pad,
    };
    await page.screenshot({ path: join(shots, `${name}.png`), type: 'png', ...(clip ? { clip } : {}) });
  };
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    await page.setExtraHTTPHeaders({ 'Accept-Language': lang });
    await page.evaluateOnNewDocument((lang) => {
      Object.defineProperty(navigator, 'language', { get: () => lang });
      Object.defineProperty(navigator, 'languages', { get: () => [lang] });
    }, lang);
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(admin, { waitUntil: 'networkidle2', timeout: 60000 });
    await page.waitForFunction((t) => !!window.RED?.nodes?.getType(t), { timeout: 60000 }, types[0]);
    await page.waitForSelector('.red-ui-palette-node[data-palette-type]', { timeout: 30000 });
    // No animations: the tray opens and closes at once (what is checked is the same, the run is shorter).
    await page.evaluate(() => {
      $.fx.off = true;
    });
    const zh = lang.startsWith('zh');

    await check(`editor (${lang}): every platform node has its own icon`, async () => {
      const icons = await page.evaluate((types) => types.map((t) => RED.nodes.getType(t).icon), types);
      assert.equal(new Set(icons).size, types.length, JSON.stringify(icons));
      const bytes = await Promise.all(
        icons.map(async (i) => {
          const res = await fetch(`${admin}/icons/${module}/${i}`);
          assert.equal(res.status, 200, `icon ${i}`);
          return createHash('sha1')
            .update(Buffer.from(await res.arrayBuffer()))
            .digest('hex');
        }),
      );
      assert.equal(new Set(bytes).size, types.length);
    });

    const inPalette = await page.evaluate(() =>
      [...document.querySelectorAll('.red-ui-palette-node[data-palette-type]')].map((e) =>
        e.getAttribute('data-palette-type'),
      ),
    );
    await check(`editor (${lang}): only nodes that offer an operation are in the palette`, async () => {
      for (const t of types) {
        const ns = t.replace(/^justoneapi-/, '');
        const offers = documentedOperations.some((o) => o.namespace === ns && !o.hidden && !o.deprecated);
        assert.equal(inPalette.includes(t), offers, `${t} in palette: ${inPalette.includes(t)}`);
      }
    });
    await page.evaluate(() => {
      $('.red-ui-palette-category')
        .not(':has([data-palette-type^="justoneapi-"])')
        .find('.red-ui-palette-content')
        .slideUp(0);
      $('.red-ui-palette-category')
        .not(':has([data-palette-type^="justoneapi-"])')
        .removeClass('red-ui-palette-open');
      $('.red-ui-palette-header')
        .filter((_, e) => !$(e).parent().find('[data-palette-type^="justoneapi-"]').length)
        .parent()
        .hide();
    });
    const category = await page.evaluate(() => {
      const el = $('[data-palette-type^="justoneapi-"]').first().closest('.red-ui-palette-category')[0];
      el.scrollIntoView();
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: Math.min(r.height, window.innerHeight - r.y) };
    });
    await shot(page, `palette-${lang}`, category);

    const offered = types.filter((t) => inPalette.includes(t));
    await check(`editor (${lang}): every platform dialog has its labels and hints, no raw key`, async () => {
      const problems = [];
      for (const t of offered) {
        await openDialog(page, t);
        for (const p of await page.evaluate(dialogProblems)) problems.push(`${t}: ${p}`);
        if (zh) {
          const ns = t.replace(/^justoneapi-/, '');
          const options = await page.evaluate(() =>
            [...document.querySelectorAll('#node-input-operation option')].map((o) => [
              o.value,
              o.textContent,
            ]),
          );
          for (const [m, label] of options) {
            const op = documentedOperations.find((o) => o.namespace === ns && o.method === m);
            if (op && CJK.test(op.summary.zh ?? '') && !CJK.test(label))
              problems.push(`${t}: ${m} is "${label}", not Chinese`);
          }
        }
        await closeDialog(page);
      }
      assert.deepEqual(problems, []);
    });

    await check(`editor (${lang}): a saved node with a deprecated operation still opens filled`, async () => {
      const old = documentedOperations.find((o) => o.deprecated && !o.hidden);
      await openDialog(page, `justoneapi-${old.namespace}`, { operation: old.method, params: {} });
      assert.deepEqual(await page.evaluate(dialogProblems), []);
      assert.equal(await page.evaluate(() => $('#justoneapi-op-deprecated').is(':visible')), true);
      await closeDialog(page);
    });

    await check(
      `editor (${lang}): paging state is not a field; a new Douyin node opens on a search`,
      async () => {
        await openDialog(page, 'justoneapi-douyin');
        const state = await page.evaluate(() => ({
          op: $('#node-input-operation').val(),
          fields: $('#justoneapi-params input[data-param]')
            .map((_, e) => e.getAttribute('data-param'))
            .get(),
          send: $('#node-input-mode').is(':visible'),
        }));
        const op = documentedOperations.find((o) => o.namespace === 'douyin' && o.method === state.op);
        assert.match(op.method, /search/i);
        for (const p of pagingParams(op)) assert.ok(!state.fields.includes(p), `${p} shown`);
        assert.equal(state.send, !!op.pagination);
        await shot(page, `douyin-dialog-${lang}`, '.red-ui-tray');
        await closeDialog(page);
      },
    );
    await check(
      `editor (${lang}): "Stop when seen" shows with Only new, on for a new node, off for a saved one`,
      async () => {
        const row = () => ({
          shown: $('#node-input-stopAtSeen').is(':visible'),
          on: $('#node-input-stopAtSeen').is(':checked'),
          label: $('label[for="node-input-stopAtSeen"]').text().trim(),
        });
        await openDialog(page, 'justoneapi-douyin');
        assert.deepEqual(await page.evaluate(row), {
          shown: false,
          on: true,
          label: zh ? '遇旧即停' : 'Stop when seen',
        });
        await page.evaluate(() => $('#node-input-onlyNew').prop('checked', true).trigger('change'));
        assert.equal((await page.evaluate(row)).shown, true);
        assert.deepEqual(await page.evaluate(dialogProblems), []);
        await closeDialog(page);
        await openDialog(
          page,
          'justoneapi-douyin',
          { operation: 'searchVideoV4', params: {}, onlyNew: true },
          true,
        );
        assert.deepEqual(await page.evaluate(row), {
          shown: true,
          on: false,
          label: zh ? '遇旧即停' : 'Stop when seen',
        });
        await closeDialog(page);
      },
    );
    await layOut(page, [
      'justoneapi-douyin',
      'justoneapi-tiktok',
      'justoneapi-xiaohongshu',
      'justoneapi-youtube',
      'justoneapi-amazon',
      'justoneapi-weibo',
    ]);
    await shot(page, `canvas-${lang}`, { x: 180, y: 84, width: 700, height: 230 });
    assert.deepEqual(errors, [], `page errors in ${hostName}`);
  } finally {
    await browser.close();
  }
}
