// The run engine's conformance scenarios (@justoneapi/sandbox/conformance) through the built `justoneapi`
// binary, as a user types each run: the same requests on the wire, the same items, usage and resume point
// as the engine's reference run.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '@justoneapi/sandbox';
import {
  type ConformanceScenario,
  conform,
  conformanceScenarios,
  type HostAdapter,
  type SandboxControl,
  sandboxControl,
} from '@justoneapi/sandbox/conformance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kebab } from '../src/args.js';
import { opCommand, platforms } from '../src/catalog.js';

const CLI = new URL('../dist/cli.cjs', import.meta.url).pathname;
let sandbox: Sandbox;
let control: SandboxControl;
beforeAll(async () => {
  sandbox = await startSandbox();
  control = sandboxControl(sandbox);
});
afterAll(() => sandbox.close());

function cli(args: string[]) {
  const { JUSTONEAPI_TOKEN: _drop, ...env } = process.env;
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(
      process.execPath,
      [CLI, ...args],
      { env, encoding: 'utf8', timeout: 60_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

/** The exit code a run that ended with this error has (its --help: 3 API code, 4 network, 5 budget). */
const EXIT_OF = (end: string) => (/^\d+$/.test(end) ? 3 : end === 'BUDGET' ? 5 : 4);
/** A run the reference ended with an error (a business code, BUDGET, CONNECTION), not a stop rule. */
const failed = (end: string | undefined) => end !== undefined && /^(\d+|[A-Z_]+)$/.test(end);

/** Each run as a command line: parameters as --name=value, the run's options, raw items with --meta. */
function cliHost(exits: number[]): HostAdapter {
  const states = new Map<string, string>();
  return async (scenario, run, _index, token) => {
    const { op } = scenario;
    const platform = platforms().find((p) => p.id === op.namespace)!;
    const command = platform.operations.find((o) => o.id === op.id)!;
    const state = states.get(scenario.name) ?? join(mkdtempSync(join(tmpdir(), 'jo-conf-')), 'seen.json');
    states.set(scenario.name, state);
    const args = [
      platform.command,
      opCommand(command),
      ...Object.entries(run.params).map(([name, v]) => `--${kebab(name)}=${String(v)}`),
      ...['--format', 'json', '--raw', '--meta', '--retries', String(run.retries)],
      ...(op.pagination ? ['--pages', String(run.maxPages)] : []),
      ...(run.maxRequests !== undefined ? ['--max-requests', String(run.maxRequests)] : []),
      ...(run.onlyNew ? ['--only-new', '--state', state] : []),
      ...['--base-url', sandbox.url, '--token', token],
    ];
    const r = await cli(args);
    exits.push(r.code);
    // `end` is always there, so the reference's end is kept for the test to compare with the exit code.
    if (!r.stdout) return { items: [], end: undefined };
    const { items, meta } = JSON.parse(r.stdout);
    const { requests, ok, retries, pages, items: counted, alreadySeen } = meta.usage;
    return {
      items: op.pagination || Array.isArray(items) ? items : [items],
      usage: { requests, ok, retries, pages, items: counted, alreadySeen },
      resume: meta.resume,
      end: undefined,
    };
  };
}

const scenarios = conformanceScenarios();

describe('conformance: the justoneapi binary', () => {
  it.each(scenarios.map((s) => [s.name, s] as [string, ConformanceScenario]))('%s', async (_n, scenario) => {
    const exits: number[] = [];
    const { runs } = await conform(control, scenario, cliHost(exits), 'conformance-cli');
    for (const [i, { host: got, reference }] of runs.entries()) {
      expect(got.requests.length).toBeGreaterThan(0);
      const { end: refEnd, ...ref } = reference;
      const { end: _none, ...rest } = got;
      expect(exits[i], 'the exit code').toBe(failed(refEnd) ? EXIT_OF(refEnd!) : 0);
      expect(rest).toEqual(ref);
    }
  });
});
