import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSandbox } from '@justoneapi/sandbox';
import { createClient, type OperationSpec } from '../src/index.js';
import {
  documentedOperations,
  documentOperation,
  findOperation,
  operations,
  type OperationDocs,
} from '../src/core/index.js';

const root = new URL('../../../', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'jo-gen-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// A new endpoint, written the way a spec file in specs/ is written.
const extraSpec = {
  openapi: '3.1.0',
  info: { title: 'Extra', version: 'v1' },
  paths: {
    '/api/xiaohongshu/search-note/v9': {
      get: {
        operationId: 'getApiXiaohongshuSearchNoteV9',
        summary: 'Note Search',
        description: 'Searches notes.',
        parameters: [
          { name: 'token', in: 'query', required: true, schema: { type: 'string' } },
          {
            name: 'keyword',
            in: 'query',
            required: true,
            schema: { type: 'string' },
            description: 'Search keyword.',
          },
          { name: 'page', in: 'query', required: false, schema: { type: 'integer', default: 1, minimum: 1 } },
        ],
        responses: {
          '200': {
            description: 'OK',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['code', 'data'],
                  properties: {
                    code: { type: 'integer' },
                    data: {
                      type: 'object',
                      properties: {
                        items: {
                          type: 'array',
                          items: { type: 'object', properties: { note_id: { type: 'string' } } },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        'x-justoneapi': {
          namespace: 'xiaohongshu',
          method: 'searchNotes',
          resource: 'note',
          operation: 'search',
          pagination: { pageParam: 'page', itemsPath: 'items', itemId: 'note_id' },
        },
      },
    },
  },
};

describe('generation from specs/', () => {
  it('turns an added spec file into a new SDK operation with no other edits', async () => {
    const specs = join(scratch, 'specs');
    cpSync(join(root, 'specs'), specs, { recursive: true });
    writeFileSync(join(specs, 'xiaohongshu', 'note-search-v9.json'), JSON.stringify(extraSpec));
    const out = join(scratch, 'generated');
    execFileSync(process.execPath, [join(root, 'scripts/generate.mjs'), '--specs', specs, '--out', out], {
      stdio: 'pipe',
    });

    expect(readFileSync(join(out, 'xiaohongshu', 'note-search-v9.ts'), 'utf8')).toContain(
      '"/api/xiaohongshu/search-note/v9"',
    );
    expect(readFileSync(join(out, 'operations.ts'), 'utf8')).toContain('"xiaohongshu.searchNotes"');

    const { operations } = (await import(join(out, 'catalog.ts'))) as { operations: OperationSpec[] };
    expect(operations.map((o) => o.id).sort()).toEqual([
      'xiaohongshu.getNoteFeed',
      'xiaohongshu.searchNotes',
      'xiaohongshu.searchUsers',
    ]);

    const { operationDocs } = (await import(join(out, 'docs.ts'))) as {
      operationDocs: Record<string, OperationDocs>;
    };
    const documented = documentOperation(
      operations.find((o) => o.id === 'xiaohongshu.searchNotes')!,
      operationDocs['xiaohongshu.searchNotes'],
    );
    expect(documented.summary.en).toBe('Note Search');
    expect(documented.params[0]).toMatchObject({
      name: 'keyword',
      displayName: 'Keyword',
      description: { en: 'Search keyword.' },
    });

    const sandbox = await startSandbox({ operations });
    try {
      const client = createClient({
        token: 'sandbox',
        baseUrl: sandbox.url,
        operations,
      }) as unknown as Record<string, Record<string, any>>;
      const res = await client.xiaohongshu!.searchNotes({ keyword: 'x' });
      expect(res.code).toBe(0);
      expect(sandbox.stats.count({ path: '/api/xiaohongshu/search-note/v9' })).toBe(1);
      const items: unknown[] = [];
      for await (const item of client.xiaohongshu!.searchNotes.items({ keyword: 'x' }, { maxPages: 20 }))
        items.push(item);
      expect(items.length).toBeGreaterThan(0);
      await expect(client.xiaohongshu!.searchNotes({})).rejects.toThrow(/keyword is required/);
    } finally {
      await sandbox.close();
    }
  });

  it('the checked-in generated code matches specs/ (freshness check)', () => {
    const out = execFileSync(process.execPath, [join(root, 'scripts/check-generated.mjs')], {
      env: { ...process.env, CI: '' },
    }).toString();
    expect(out).toMatch(/up to date/);
  });

  it('keeps texts out of the runtime catalog and merges them back in documentedOperations', () => {
    expect(JSON.stringify(operations)).not.toMatch(/[\u3400-\u9fff]|"summary"|"description"|"label"/);
    expect(documentedOperations.map((o) => o.id)).toEqual(operations.map((o) => o.id));
    for (const op of documentedOperations) {
      expect(op.summary.en && op.summary.zh && op.description.en && op.description.zh, op.id).toBeTruthy();
      for (const p of op.params)
        expect(p.displayName && p.description.en && p.description.zh, `${op.id} ${p.name}`).toBeTruthy();
    }
    const feeds = findOperation('xiaohongshu.getNoteFeed', undefined, documentedOperations).params.find(
      (p) => p.name === 'oid',
    )!.enum!;
    expect(feeds).toHaveLength(41);
    for (const f of feeds) expect(f.label.zh, String(f.value)).toMatch(/^[\u3400-\u9fff]+$/);
    expect(feeds.find((f) => f.value === 'homefeed_food_v3')!.label).toEqual({ en: 'food', zh: '美食' });
  });

  it('every spec file is a valid OpenAPI 3.1 document', async () => {
    const { Validator } = await import('@seriousme/openapi-schema-validator');
    const { readdirSync } = await import('node:fs');
    const files = readdirSync(join(root, 'specs'), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) {
      const result = await new Validator().validate(JSON.parse(readFileSync(join(root, 'specs', f), 'utf8')));
      expect({ file: f, ...result }).toEqual({ file: f, valid: true });
    }
  });
});
