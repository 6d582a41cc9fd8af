// End to end in real n8n: packs this package, installs it where n8n installs community packages,
// imports a credential set and workflows (Manual Trigger -> our node), runs them headless with
// `n8n execute --rawOutput` against the sandbox, and asserts on the output items.
// Usage: node e2e/run.mjs [n8n-version ...]   (default: every host in hosts.mjs)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { N8N_HOSTS, installN8n } from './hosts.mjs';
import { cases as baseCases, serverCases, TOKENS } from './cases.mjs';
import { engineCases } from './cases-engine.mjs';

const cases = [...baseCases, ...engineCases];
import { freePort, n8nEnv, packInto } from './install.mjs';
import { n8nCommand, runJson } from './n8n-cli.mjs';
import { nodeTypes, startServer, testCredential } from './server.mjs';

const { startSandbox } = await import('@justoneapi/sandbox');

async function runHost(spec) {
  const host = installN8n(spec);
  const userFolder = mkdtempSync(join(tmpdir(), `jo-n8n-${spec.version}-`));
  const sandbox = await startSandbox({
    tokens: [TOKENS.good],
    scenarios: {
      [TOKENS.rateLimited]: { code: 302, times: 1 },
      [TOKENS.rateLimitedOnce]: { code: 302, times: 1 },
      [TOKENS.quotaEvery3]: { code: 303, every: 3 },
    },
  });
  const results = [];
  const report = (id, problems, output) => {
    for (const token of Object.values(TOKENS))
      if (output.includes(token)) problems.push(`the token ${token.slice(0, 6)}… appears in n8n's output`);
    results.push({
      host: spec.version,
      case: id,
      ok: problems.length === 0,
      problems,
      tail: problems.length ? output.slice(-1500) : '',
    });
    console.log(
      `${problems.length ? 'FAIL' : 'ok  '} n8n ${spec.version} ${id}${problems.length ? `: ${problems.join('; ')}` : ''}`,
    );
  };
  const leaks = (output, where) => report(`no token in ${where}`, [], output);
  try {
    packInto(userFolder);
    const env = await n8nEnv(host, spec, userFolder);
    const files = join(userFolder, 'import');
    mkdirSync(join(files, 'workflows'), { recursive: true });
    const credentials = Object.entries(TOKENS).map(([key, token]) => ({
      id: `jo-${key}`,
      name: `Just One API ${key}`,
      type: 'justOneApi',
      data: { token, environment: 'custom', baseUrl: sandbox.url },
    }));
    writeFileSync(join(files, 'credentials.json'), JSON.stringify(credentials));
    for (const c of cases)
      writeFileSync(join(files, 'workflows', `${c.id}.json`), JSON.stringify(c.workflow()));
    const imported = [
      await n8nCommand(host, env, ['import:credentials', `--input=${join(files, 'credentials.json')}`]),
      await n8nCommand(host, env, ['import:workflow', '--separate', `--input=${join(files, 'workflows')}`]),
    ];
    for (const r of imported)
      if (r.code !== 0) throw new Error(`n8n import failed:\n${r.stdout}\n${r.stderr}`);
    leaks(imported.map((r) => r.stdout + r.stderr).join('\n'), 'the import commands');

    const newest = spec === N8N_HOSTS.at(-1);
    // JO_E2E_CASES=<regex> runs only the matching cases (while working on one).
    const only = process.env.JO_E2E_CASES ? new RegExp(process.env.JO_E2E_CASES) : undefined;
    for (const c of cases.filter((x) => (newest || !x.newestOnly) && (!only || only.test(x.id)))) {
      sandbox.stats.reset();
      const r = await n8nCommand(host, env, ['execute', `--id=${c.id}`, '--rawOutput']);
      const run = runJson(r.stdout);
      const everything = `${r.stdout}\n${r.stderr}`;
      const problems = [];
      try {
        if (!run && !c.failing) throw new Error(`no run JSON (exit ${r.code})`);
        const out = run?.data?.resultData?.runData?.XHS?.[0]?.data?.main?.[0] ?? [];
        const items = out.map((i) => i.json);
        const paired = out.map((i) => (Array.isArray(i.pairedItem) ? i.pairedItem[0] : i.pairedItem)?.item);
        c.check({ run, items, paired, exitCode: r.code, stats: sandbox.stats, output: everything });
      } catch (e) {
        problems.push(e.message);
      }
      report(c.id, problems, everything);
    }

    const server = await startServer(host, env, await freePort());
    try {
      const tools = {
        testCredential: (data) =>
          testCredential(server, {
            ...data,
            baseUrl: data.baseUrl === '{sandbox}' ? sandbox.url : data.baseUrl,
          }),
        nodeTypes: () => nodeTypes(server),
      };
      for (const c of serverCases) {
        sandbox.stats.reset();
        const problems = [];
        try {
          c.check({ result: await c.run(tools), stats: sandbox.stats });
        } catch (e) {
          problems.push(e.message);
        }
        report(c.id, problems, server.output());
      }
      leaks(server.output(), 'the n8n server log');
    } finally {
      server.stop();
    }
  } finally {
    await sandbox.close();
    rmSync(userFolder, { recursive: true, force: true });
  }
  return results;
}

const wanted = process.argv.slice(2);
const hosts = wanted.length ? N8N_HOSTS.filter((h) => wanted.includes(h.version)) : N8N_HOSTS;
const all = [];
for (const h of hosts) {
  try {
    all.push(...(await runHost(h)));
  } catch (e) {
    console.log(`FAIL n8n ${h.version}: ${e.message}`);
    all.push({ host: h.version, case: 'setup', ok: false, problems: [e.message] });
  }
}
for (const r of all.filter((x) => !x.ok && x.tail))
  console.log(`\n--- ${r.host} ${r.case} output tail ---\n${r.tail}`);
const failed = all.filter((r) => !r.ok).length;
console.log(`\nn8n e2e: ${all.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
