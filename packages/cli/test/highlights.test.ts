// The vendor's highlights in the built `justoneapi` binary: --help and describe show them, and an
// operation the vendor marks danger is refused (exit 2, 0 requests) until --acknowledge names it.
import { execFile } from 'node:child_process';
import { type Sandbox, startSandbox } from '@justoneapi/sandbox';
import { documentedOperations } from '@justoneapi/sdk/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const CLI = new URL('../dist/cli.cjs', import.meta.url).pathname;
const TOKEN = 'tok-CLI-HIGHLIGHT-SECRET';
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ tokens: [TOKEN] });
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.stats.reset());

function cli(args: string[], withTarget = true) {
  const { JUSTONEAPI_TOKEN: _drop, ...env } = process.env;
  const target = withTarget ? ['--base-url', sandbox.url, '--token', TOKEN] : [];
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    execFile(
      process.execPath,
      [CLI, ...args, ...target],
      { env, encoding: 'utf8', timeout: 30_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    ),
  );
}
const kebab = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
const danger = documentedOperations.filter((op) => op.danger?.length);
const noted = documentedOperations.filter((op) => op.highlights?.some((h) => h.type === 'warning'));

describe('highlights in --help and describe', () => {
  it.each(danger.map((op) => [op.id, op] as const))(
    '%s --help names the danger and the acknowledgement',
    async (_id, op) => {
      const r = await cli([op.namespace, kebab(op.method), '--help'], false);
      expect(r.code, r.stderr).toBe(0);
      for (const h of op.highlights!) expect(r.stdout).toContain(h.content);
      expect(r.stdout).toContain(`--acknowledge ${op.danger![0]!.acknowledge}`);
      const d = await cli(['describe', op.namespace, kebab(op.method), '--format', 'json'], false);
      expect(JSON.parse(d.stdout).highlights).toEqual(op.highlights);
    },
  );

  it('a warning highlight is in --help', async () => {
    const op = noted[0]!;
    const r = await cli([op.namespace, kebab(op.method), '--help'], false);
    expect(r.stdout).toContain(`WARNING`);
    expect(r.stdout).toContain(op.highlights!.find((h) => h.type === 'warning')!.content);
  });
});

describe('the danger gate', () => {
  it.each(danger.map((op) => [op.id, op] as const))(
    '%s: refused without --acknowledge (0 requests), sent with it',
    async (_id, op) => {
      const args = [op.namespace, kebab(op.method), '1', '--format', 'json'];
      const refused = await cli(args);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(op.danger![0]!.text);
      expect(refused.stderr).toContain(`--acknowledge ${op.danger![0]!.acknowledge}`);
      expect(refused.stderr).not.toContain(TOKEN);
      expect(sandbox.stats.count()).toBe(0);
      const dry = await cli([...args, '--dry-run']);
      expect(dry.code).toBe(2);
      const sent = await cli([...args, '--acknowledge', op.danger![0]!.acknowledge]);
      expect(sent.code, sent.stderr).toBe(0);
      expect(sandbox.stats.count()).toBe(1);
    },
  );
});
