// A TypeScript user's first contact: the packed @justoneapi/sdk installed with plain npm outside the
// workspace, and a strict project compiled against it with moduleResolution node16 and bundler.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'jo-consumer-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const tsc = join(root, 'node_modules/typescript/bin/tsc');

const program = `
import { createClient, InvalidTokenError, type UserRecord, type XiaohongshuSearchUsersParams } from '@justoneapi/sdk';
import { createClient as createXhs } from '@justoneapi/sdk/xiaohongshu';
import { documentedOperations, validateParams } from '@justoneapi/sdk/core';

export async function main(): Promise<string[]> {
  const client = createClient({ token: 't', baseUrl: 'http://127.0.0.1:9' });
  const params: XiaohongshuSearchUsersParams = { keyword: '咖啡' };
  const rows: UserRecord[] = [];
  for await (const row of client.xiaohongshu.searchUsers.records(params, { maxPages: 1 })) rows.push(row);
  const { data } = await client.douyin.searchVideoV4({ keyword: 'x' });
  void data;
  const xhs = createXhs({ token: 't' });
  void xhs.xiaohongshu.getNoteFeed({ oid: 'food' });
  // @ts-expect-error a misspelled column
  void rows[0]?.nmae;
  // @ts-expect-error keyword is required
  void client.xiaohongshu.searchUsers({});
  void validateParams(documentedOperations[0]!, {});
  void InvalidTokenError;
  return rows.map((r) => r.name ?? '');
}
`;

describe('a strict TypeScript project using the packed SDK from npm', () => {
  it.each(['node16', 'bundler'])('compiles with moduleResolution %s', (resolution) => {
    const dir = join(scratch, resolution);
    mkdirSync(dir, { recursive: true });
    execFileSync('npx', ['-y', 'pnpm@10.34.9', 'pack', '--pack-destination', dir], {
      cwd: join(root, 'packages/sdk'),
      stdio: 'pipe',
    });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({
        name: 'consumer',
        private: true,
        type: 'module',
        dependencies: { '@justoneapi/sdk': `file:./${tarball}` },
      }),
    );
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], {
      cwd: dir,
      stdio: 'pipe',
    });
    writeFileSync(join(dir, 'main.ts'), program);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          lib: ['ES2022', 'DOM'],
          module: resolution === 'node16' ? 'node16' : 'esnext',
          moduleResolution: resolution,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          skipLibCheck: false,
          types: [],
        },
        files: ['main.ts'],
      }),
    );
    let out = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir, stdio: 'pipe' });
    } catch (e) {
      out = String((e as { stdout?: Buffer }).stdout ?? e);
    }
    expect(out).toBe('');
  });
});
