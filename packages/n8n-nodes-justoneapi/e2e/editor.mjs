// What a person sees in the real n8n editor (2.40.7 on Node 24) with this package installed as n8n's
// community-package installer does, driven in headless Chromium (Debian's `chromium`, puppeteer-core):
//   - the node panel lists the platform nodes, each with its own icon, under one-line descriptions;
//   - the canvas shows Douyin, TikTok and Xiaohongshu nodes with three different icons that load;
//   - the trigger's entries in the node panel name their platform ("On new Douyin (TikTok China) items"),
//     one per platform of its Trigger On list, and none is a bare operation name ("Best Sellers V 1");
//   - a new node offers "Connect to Just One API", and the credential it creates is "Just One API account",
//     with the notice that its Test is one paid call;
//   - a Keyword of spaces fails with the labels on the screen: "Video Search (v4): Keyword must not be empty.".
// Usage: node e2e/editor.mjs [--screenshots]   (--screenshots rewrites the README's docs/*.png)
// Installs Chromium with apt-get when it is missing and this runs as root (CI).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { installN8n } from './hosts.mjs';
import { freePort, n8nEnv, packInto } from './install.mjs';
import { nodeTypes, startServer } from './server.mjs';

const HOST = { version: '2.40.7', node: 24 };
const CHROMIUM = '/usr/bin/chromium';
const DOCS = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs');
const shots = process.argv.includes('--screenshots');
const PLATFORMS = ['douyin', 'tiktok', 'xiaohongshu'];
const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};
/** Text as a person reads it: no-break spaces are spaces. */
const plain = (s) => s.replace(/\u00a0/g, ' ');

function chromium() {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  if (process.getuid?.() !== 0) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const apt = (args) =>
    execFileSync('apt-get', args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  apt(['update']);
  apt(['install', '-y', '--no-install-recommends', 'chromium']);
  return CHROMIUM;
}

function canvasWorkflow(types) {
  const node = (id, i) => {
    const t = types.get(`n8n-nodes-justoneapi.${id}`);
    return {
      id,
      name: t.defaults.name,
      type: t.name,
      typeVersion: Math.max(...[t.version].flat()),
      position: [200 + i * 220, 300],
      parameters: {},
    };
  };
  return { name: 'Three platforms', nodes: PLATFORMS.map(node), connections: {}, settings: {} };
}

/**
 * A Manual Trigger and a Douyin node (with a credential) on Video Search with a Keyword of spaces: what the
 * node says, and the message it should say, from the node's own labels.
 */
function blankKeywordWorkflow(types, credential) {
  const t = types.get('n8n-nodes-justoneapi.douyin');
  const ops = t.properties.find((p) => p.name === 'operation').options;
  const op = ops.find((o) => o.value === 'searchVideoV4') ?? ops.find((o) => /search/i.test(o.value));
  const keyword = t.properties.find(
    (p) => p.name === 'keyword' && p.displayOptions?.show?.operation?.includes(op.value),
  );
  const workflow = {
    name: 'Blank keyword',
    settings: {},
    nodes: [
      {
        id: 'm',
        name: 'Start',
        type: 'n8n-nodes-base.manualTrigger',
        typeVersion: 1,
        position: [200, 300],
        parameters: {},
      },
      {
        id: 'd',
        name: t.defaults.name,
        type: t.name,
        typeVersion: Math.max(...[t.version].flat()),
        position: [440, 300],
        parameters: { operation: op.value, keyword: '   ' }, // blank: n8n itself refuses an empty required field
        credentials: { justOneApi: credential },
      },
    ],
    connections: { Start: { main: [[{ node: t.defaults.name, type: 'main', index: 0 }]] } },
  };
  return {
    workflow,
    node: t.defaults.name,
    message: `${op.name}: ${keyword.displayName} must not be empty.`,
  };
}

/** Opens the node named `name` on the canvas (double click) and returns the NDV's text. */
async function openNode(page, name) {
  await page.waitForSelector('[data-test-id="canvas-node"]');
  const handle = await page.evaluateHandle(
    (n) =>
      [...document.querySelectorAll('[data-test-id="canvas-node"]')].find((e) => e.textContent.includes(n)),
    name,
  );
  await handle.asElement().click({ count: 2 });
  await page.waitForSelector('[data-test-id="ndv"]', { visible: true });
  await new Promise((r) => setTimeout(r, 800));
  return plain(await page.$eval('[data-test-id="ndv"]', (e) => e.textContent));
}

/** The node panel's part of the window (n8n 2.40 at 1280 x 800): small PNGs for the README. */
const PANEL = { x: 896, y: 64, width: 384, height: 736 };

async function shot(page, name, clip) {
  if (shots) await page.screenshot({ path: join(DOCS, `${name}.png`), ...(clip ? { clip } : {}) });
}

/** Opens the node panel with an empty search and types `text`; returns the items' names. */
async function search(page, text) {
  const input =
    '[data-test-id="node-creator-search-bar"] input, input[data-test-id="node-creator-search-bar"]';
  if (!(await page.$(input))) await page.click('[data-test-id="node-creator-plus-button"]');
  await page.waitForSelector(input);
  await page.$eval(input, (el) => {
    el.value = '';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.type(input, text);
  // The list fills in as the search runs: read it once it stops changing (a loaded machine is slow).
  const names = () =>
    page.$$eval('[data-test-id="node-creator-item-name"]', (els) => els.map((e) => e.textContent.trim()));
  let last = [];
  for (let stable = 0, i = 0; stable < 3 && i < 40; i++) {
    await new Promise((r) => setTimeout(r, 400));
    const now = await names();
    stable = now.length > 0 && now.join('\n') === last.join('\n') ? stable + 1 : 0;
    last = now;
  }
  return last;
}

async function main() {
  const executablePath = chromium();
  const host = installN8n(HOST);
  const user = mkdtempSync(join(tmpdir(), 'jo-n8n-editor-'));
  let server;
  let browser;
  let page;
  try {
    packInto(user);
    const env = await n8nEnv(host, HOST, user);
    server = await startServer(host, env, await freePort());
    const types = await nodeTypes(server);
    const trigger = types.get('n8n-nodes-justoneapi.justOneApiTrigger');
    const platformOptions = trigger.properties.find((p) => p.name === 'platform').options;
    const created = await server.api('/rest/workflows', canvasWorkflow(types));

    browser = await puppeteer.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    // The session cookie is bound to the browser id the REST calls sent (server.mjs): the editor sends
    // the one in its localStorage.
    await page.evaluateOnNewDocument(() => localStorage.setItem('n8n-browserId', 'e2e-browser'));
    for (const c of server.cookie.split('; ')) {
      const [name, ...rest] = c.split('=');
      await page.setCookie({ name, value: rest.join('='), url: server.base });
    }

    // The canvas: three platform nodes, three icons that load and differ.
    await page.goto(`${server.base}/workflow/${created.data.id}`, { waitUntil: 'networkidle2' });
    await page.waitForSelector('[data-test-id="canvas-node"] img');
    const icons = await page.$$eval('[data-test-id="canvas-node"] img', (imgs) =>
      imgs.map((i) => ({ src: i.src, loaded: i.complete && i.naturalWidth > 0 })),
    );
    check(
      icons.length === PLATFORMS.length && icons.every((i) => i.loaded),
      `canvas: ${icons.length} node icons load`,
    );
    const svgs = await Promise.all(
      icons.map((i) => fetch(i.src, { headers: { cookie: server.cookie } }).then((r) => r.text())),
    );
    check(new Set(svgs).size === PLATFORMS.length, 'canvas: Douyin, TikTok and Xiaohongshu icons differ');
    await shot(page, 'n8n-canvas', { x: 300, y: 330, width: 600, height: 200 });

    // The node panel after installing: every platform node, with its own icon and a one-line description.
    const found = await search(page, 'Just One API');
    const platformNodes = new Set(
      [...types]
        .filter(([key]) => /^n8n-nodes-justoneapi\.\w+$/.test(key) && !/(Trigger|Tool)$/.test(key))
        .map(([, t]) => t.displayName), // the newest version of each (keys without "@version")
    );
    const lines = await page.$$eval('[data-test-id="node-creator-item-description"]', (els) =>
      els.map((e) =>
        Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)),
      ),
    );
    check(
      lines.length > 0 && lines.every((n) => n <= 1),
      `node panel: descriptions take one line (${lines.join(',')})`,
    );
    await shot(page, 'n8n-install', PANEL);
    const missing = [...platformNodes].filter((n) => !found.includes(n));
    check(
      missing.length === 0 && found.length > platformNodes.size,
      `node panel: all ${platformNodes.size} platform nodes and the trigger (${found.length} found${missing.length ? `; missing ${missing.join(', ')}` : ''})`,
    );

    // The trigger's entries: one per platform, named after it.
    // The panel that opens on a workflow without a trigger names triggers without the word "Trigger".
    await search(page, trigger.displayName);
    await page.$$eval(
      '[data-test-id="node-creator-item-name"]',
      (els, names) => els.find((e) => names.includes(e.textContent.trim()))?.click(),
      [trigger.displayName, trigger.displayName.replace(/ Trigger$/, '')],
    );
    const expected = platformOptions.map((o) => o.action);
    // The list renders in batches: on a loaded machine it can be read half drawn. Wait for all of it (a
    // short list still fails below, with what was listed).
    await page.waitForSelector('[data-keyboard-nav-type="action"]');
    await page
      .waitForFunction(
        (n) => document.querySelectorAll('[data-keyboard-nav-type="action"]').length >= n,
        { timeout: 20_000 },
        expected.length,
      )
      .catch(() => {});
    const actions = await page.$$eval('[data-keyboard-nav-type="action"]', (els) =>
      els.map((e) => e.textContent.replace(/\s+/g, ' ').trim()),
    );
    check(
      expected.every((a) => actions.some((t) => t.startsWith(a))),
      `trigger: ${expected.length} entries "On new <platform> items" (${actions.slice(0, 3).join(' | ')} ...)`,
    );
    check(
      actions.length === expected.length,
      `trigger: no other entries (${actions.length} listed, ${expected.length} expected)`,
    );
    await shot(page, 'n8n-trigger', PANEL);
    await page.keyboard.press('Escape');

    // A platform node: "Connect to Just One API", then a credential named "Just One API account".
    await page.goto(`${server.base}/workflow/${created.data.id}`, { waitUntil: 'networkidle2' });
    const ndv = await openNode(page, types.get('n8n-nodes-justoneapi.douyin').defaults.name);
    check(ndv.includes('Connect to Just One API'), 'new node: "Connect to Just One API"');
    await shot(page, 'n8n-first-node');
    const connect = await page.evaluateHandle(() =>
      [...document.querySelectorAll('[data-test-id="ndv"] button')].find((b) =>
        /Connect to/.test(b.textContent),
      ),
    );
    await connect.asElement().click();
    await page.waitForSelector(
      '[data-test-id="credential-edit-dialog"], [data-test-id="editCredential-modal"]',
      {
        visible: true,
      },
    );
    await new Promise((r) => setTimeout(r, 800));
    const modal = plain(await page.evaluate(() => document.body.textContent));
    check(modal.includes('Just One API account'), 'credential: named "Just One API account"');
    check(/each time you open it.*one paid call/.test(modal), 'credential: says its test is one paid call');
    await shot(page, 'n8n-credential', { x: 192, y: 80, width: 896, height: 560 });

    // Bad input is told in the words on the screen: "Video Search (v4): Keyword must not be empty.".
    const cred = await server.api('/rest/credentials', {
      name: 'Just One API account',
      type: 'justOneApi',
      data: { token: 'e2e-never-sent', environment: 'custom', baseUrl: 'http://127.0.0.1:9' },
    });
    const blank = blankKeywordWorkflow(types, { id: cred.data.id, name: cred.data.name });
    const saved = await server.api('/rest/workflows', blank.workflow);
    await page.goto(`${server.base}/workflow/${saved.data.id}`, { waitUntil: 'networkidle2' });
    await openNode(page, blank.node);
    await page.click('[data-test-id="node-execute-button"]');
    const shown = await page
      .waitForFunction(
        (m) => document.body.textContent.replace(/\u00a0/g, ' ').includes(m),
        { timeout: 30_000 },
        blank.message,
      )
      .then(() => true)
      .catch(() => false);
    check(shown, `blank keyword: "${blank.message}"`);
    await shot(page, 'n8n-blank-keyword', { x: 430, y: 64, width: 825, height: 330 });
  } catch (e) {
    // What the page showed when a step failed, for the log reader.
    const at = join(tmpdir(), `jo-n8n-editor-failure-${process.pid}.png`);
    await page?.screenshot({ path: at }).catch(() => {});
    console.error(`n8n editor e2e: the page at the failure: ${at}`);
    throw e;
  } finally {
    await browser?.close();
    server?.stop();
    rmSync(user, { recursive: true, force: true });
  }
  if (failures.length) {
    console.error(`n8n editor e2e: ${failures.length} failed`);
    process.exit(1);
  }
  console.log('n8n editor e2e: all checks passed');
}

await main();
