// Builds nodes/ (what Node-RED loads): each runtime .js (CommonJS, SDK bundled in) beside its .html,
// with the editor's parameter rows and feed options generated from the SDK's operation catalog,
// plus icons/ and locales/ (help in en-US and zh-CN).
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { documentedOperations as operations } from '@justoneapi/sdk/core';

const OUT = 'nodes';
const NODES = [
  { type: 'justoneapi-xhs-users', operation: 'xiaohongshu.searchUsers', palette: 'xhs users' },
  { type: 'justoneapi-xhs-feed', operation: 'xiaohongshu.getNoteFeed', palette: 'xhs feed' },
];
const LANGS = ['en-US', 'zh-CN'];
const title = (s) => s.replace(/(^|\s)\S/g, (c) => c.toUpperCase());
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

rmSync(OUT, { recursive: true, force: true });
mkdirSync(`${OUT}/locales`, { recursive: true });
await build({
  entryPoints: ['justoneapi-config', ...NODES.map((n) => n.type)].map((n) => `src/nodes/${n}.ts`),
  outdir: OUT,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
});
cpSync('src/icons', `${OUT}/icons`, { recursive: true });
cpSync('src/editor/justoneapi-config.html', `${OUT}/justoneapi-config.html`);

for (const node of NODES) {
  const op = operations.find((o) => o.id === node.operation);
  const defaults = op.params.map((p) => `      ${p.name}: { value: '' },`).join('\n');
  const rows = op.params
    .map((p) => {
      const label = `<label for="node-input-${p.name}"><i class="fa fa-${p.enum ? 'list' : 'pencil'}"></i> <span data-i18n="${node.type}.label.${p.name}"></span></label>`;
      const field = p.enum
        ? `<select id="node-input-${p.name}" style="width: 70%">\n      <option value="">(msg.${p.name}${p.default ? `, else ${esc(p.default)}` : ''})</option>\n${p.enum.map((e) => `      <option value="${esc(e.value)}">${esc(title(e.label.en))} · ${esc(e.label.zh)}</option>`).join('\n')}\n    </select>`
        : `<input type="text" id="node-input-${p.name}" placeholder="msg.${p.name}" />`;
      return `  <div class="form-row">\n    ${label}\n    ${field}\n  </div>`;
    })
    .join('\n');
  const firstParam = op.params.find((p) => p.required) ?? op.params[0];
  const html = readFileSync('src/editor/operation.html', 'utf8')
    .replaceAll('__TYPE__', node.type)
    .replace('__PARAM_DEFAULTS__', defaults)
    .replace('__PARAM_ROWS__', rows)
    .replace('__PALETTE__', node.palette)
    .replace(
      '__LABEL__',
      `(this.${firstParam.name} ? '${node.palette}: ' + this.${firstParam.name} : '${node.palette}')`,
    );
  writeFileSync(`${OUT}/${node.type}.html`, html);
}

for (const lang of LANGS) {
  const dir = `${OUT}/locales/${lang}`;
  mkdirSync(dir, { recursive: true });
  const common = readFileSync(`src/locales/${lang}/common-help.html`, 'utf8');
  for (const type of ['justoneapi-config', ...NODES.map((n) => n.type)]) {
    const messages = JSON.parse(readFileSync(`src/locales/${lang}/${type}.json`, 'utf8'));
    const node = NODES.find((n) => n.type === type);
    if (node) {
      // Parameter labels come from the catalog: English display names, Chinese descriptions.
      for (const p of operations.find((o) => o.id === node.operation).params) {
        messages[type].label[p.name] =
          lang === 'zh-CN' ? p.description.zh.replace(/[。.]$/, '').split('，')[0] : p.displayName;
      }
    }
    writeFileSync(`${dir}/${type}.json`, `${JSON.stringify(messages, null, 2)}\n`);
    writeFileSync(
      `${dir}/${type}.html`,
      readFileSync(`src/locales/${lang}/${type}.html`, 'utf8').replace('__COMMON__', common),
    );
  }
}
