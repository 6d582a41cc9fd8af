import { parseArgs } from 'node:util';
import { createClient } from './client.js';
import { findOperation } from './core/catalog.js';
import { documentedOperations } from './core/docs.js';
import type { OperationSpec } from './core/catalog-types.js';
import { JustOneApiError, ValidationError, type ApiCodeError } from './core/errors.js';
import { recordColumns } from './core/columns.js';
import { validateParams } from './core/params.js';
import { toRecord, type FlatRecord } from './core/records.js';
import { redact } from './core/request.js';
import { OUTPUT_FORMATS, toCsv, toTable, type OutputFormat } from './format.js';

export const EXIT = { ok: 0, unexpected: 1, usage: 2, api: 3, network: 4 } as const;

// The documented catalog: `feeds` lists the labels, and a label ("food", "美食") is accepted as a feed id.
const feedOp = findOperation('xiaohongshu.getNoteFeed', undefined, documentedOperations);
const HELP = `justoneapi: Xiaohongshu (RedNote) data from Just One API

Usage:
  justoneapi xhs users <keyword> [--pages N]    search users by keyword
  justoneapi xhs feed [feed-id] [--pages N]     notes from a feed (default: homefeed_recommend)
  justoneapi xhs feeds                           list the 41 feed ids (no request)

Options:
  --pages N          pages to fetch (default 1; each page is one paid call)
  --page N           first page (default 1)
  --max-items N      stop after N unique items
  --format F         table (default on a terminal), json, ndjson or csv
  --raw              raw API items instead of flat records (json/ndjson only)
  --token T          API token (default: JUSTONEAPI_TOKEN). Without one, an embedded sandbox
                     with sample data is used and nothing is billed.
  --region R         global (default) or cn (mainland China)
  --base-url URL     custom API base URL
  --timeout MS       per-request timeout (default 60000)
  --retries N        retries for 301/302/5xx/network errors (default 2)
  -h, --help         this help

Exit codes: 0 ok, 2 bad usage or input (nothing was sent), 3 API error (business code),
4 network, timeout or unusable response, 1 unexpected.
`;

class UsageError extends Error {}

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: Record<string, string | undefined>;
  isTTY: boolean;
}

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${name} must be a whole number >= 1, got "${v}".`);
  return n;
}

function label(op: OperationSpec): string {
  return op.record === 'user' ? 'users' : op.record === 'note' ? 'notes' : 'items';
}

export async function main(argv: string[], io: Io): Promise<number> {
  let sandbox: { url: string; close(): Promise<void> } | undefined;
  let token: string | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        pages: { type: 'string' },
        page: { type: 'string' },
        'max-items': { type: 'string' },
        format: { type: 'string' },
        raw: { type: 'boolean' },
        token: { type: 'string' },
        region: { type: 'string' },
        'base-url': { type: 'string' },
        timeout: { type: 'string' },
        retries: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout(HELP);
      return EXIT.ok;
    }
    if (positionals.length === 0) {
      io.stderr(HELP);
      return EXIT.usage;
    }
    const [group, command, arg, ...rest] = positionals;
    if (group !== 'xhs' || !command) throw new UsageError(`Unknown command "${positionals.join(' ')}".`);
    if (rest.length)
      throw new UsageError(`Unexpected arguments: ${rest.join(' ')}. Quote a keyword that has spaces.`);
    if (command === 'feeds') {
      const rows = (feedOp.params.find((p) => p.name === 'oid')?.enum ?? []).map((o) => ({
        id: String(o.value),
        en: o.label.en,
        zh: o.label.zh,
      }));
      io.stdout(toTable(rows, ['id', 'en', 'zh'], 40));
      return EXIT.ok;
    }
    const op =
      command === 'users'
        ? findOperation('xiaohongshu.searchUsers', undefined, documentedOperations)
        : command === 'feed'
          ? feedOp
          : undefined;
    if (!op) throw new UsageError(`Unknown command "xhs ${command}". Use "users", "feed" or "feeds".`);
    const params: Record<string, unknown> = {};
    if (command === 'users') {
      if (arg === undefined) throw new UsageError('Give a keyword: justoneapi xhs users <keyword>.');
      params.keyword = arg;
    } else if (arg !== undefined) params.oid = arg;
    const format = (values.format ?? (io.isTTY ? 'table' : 'json')) as OutputFormat;
    if (!OUTPUT_FORMATS.includes(format))
      throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, got "${values.format}".`);
    if (values.raw && (format === 'csv' || format === 'table'))
      throw new UsageError('--raw works with --format json or ndjson.');
    if (values.region !== undefined && values.region !== 'global' && values.region !== 'cn')
      throw new UsageError(`--region must be global or cn, got "${values.region}".`);
    const maxPages = int('pages', values.pages) ?? 1;
    const startPage = int('page', values.page);
    const maxItems = int('max-items', values['max-items']);
    const timeoutMs = int('timeout', values.timeout);
    const maxRetries = values.retries === undefined ? undefined : Number(values.retries);
    if (maxRetries !== undefined && !(Number.isInteger(maxRetries) && maxRetries >= 0))
      throw new UsageError(`--retries must be a whole number >= 0, got "${values.retries}".`);

    validateParams(op, params); // bad input fails here, before the sandbox starts or anything is sent

    token = (values.token ?? io.env.JUSTONEAPI_TOKEN ?? '').trim() || undefined;
    let baseUrl = values['base-url'];
    if (!token) {
      const { startSandbox } = await import('@justoneapi/sandbox');
      sandbox = await startSandbox({ port: 0 });
      baseUrl = sandbox.url;
      token = 'sandbox';
      io.stderr(
        `No token (--token or JUSTONEAPI_TOKEN): using the embedded sandbox at ${sandbox.url}. Sample data; nothing is billed.\n`,
      );
    }
    const client = createClient({
      token,
      baseUrl,
      operations: documentedOperations,
      ...(values.region ? { region: values.region as 'global' | 'cn' } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
      ...(maxRetries !== undefined ? { maxRetries } : {}),
      onRetry: (e) => io.stderr(`retry ${e.retry} in ${e.delayMs} ms: ${(e.error as Error).message}\n`),
    });
    const method = (
      client as unknown as Record<
        string,
        Record<
          string,
          {
            pages: (p: object, o: object) => AsyncIterable<{ page: number; items: unknown[]; done: boolean }>;
          }
        >
      >
    )[op.namespace]![op.method]!;
    const items: unknown[] = [];
    const emit = () => {
      if (format === 'ndjson') return; // streamed page by page
      if (format === 'json')
        return io.stdout(
          `${JSON.stringify(values.raw ? items : items.map((i) => toRecord(op, i)), null, 2)}\n`,
        );
      const records: FlatRecord[] = items.map((i) => toRecord(op, i));
      const columns = recordColumns(op) ?? Object.keys(records[0] ?? {});
      if (format === 'csv') return io.stdout(toCsv(records, columns));
      const short =
        op.record === 'user'
          ? ['name', 'red_id', 'followers', 'verified', 'id']
          : op.record === 'note'
            ? ['title', 'likes', 'author_name', 'category', 'published_at']
            : columns;
      io.stdout(records.length ? toTable(records, short) : `No ${label(op)} found.\n`);
    };
    let pagesDone = 0;
    try {
      for await (const page of method.pages(params, {
        maxPages,
        ...(startPage ? { startPage } : {}),
        ...(maxItems ? { maxItems } : {}),
      })) {
        pagesDone++;
        items.push(...page.items);
        const limited = pagesDone === maxPages || (maxItems !== undefined && items.length >= maxItems);
        const end = page.done
          ? limited
            ? ', limit reached (--pages / --max-items)'
            : ', end of results'
          : '';
        if (maxPages > 1)
          io.stderr(
            `page ${page.page}: ${page.items.length} new ${label(op)} (${items.length} in all)${end}\n`,
          );
        if (format === 'ndjson')
          for (const item of page.items)
            io.stdout(`${JSON.stringify(values.raw ? item : toRecord(op, item))}\n`);
      }
    } catch (err) {
      // Pages already fetched were paid for: print them before the error.
      if (pagesDone > 0) {
        emit();
        io.stderr(`Partial output: ${pagesDone} page(s), ${items.length} ${label(op)}, before this error:\n`);
      }
      throw err;
    }
    emit();
    return EXIT.ok;
  } catch (err) {
    const message = redact(err instanceof Error ? err.message : String(err), token);
    if (
      err instanceof UsageError ||
      (err as { code?: string })?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ||
      (err as { code?: string })?.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
    ) {
      io.stderr(`${message}\nRun "justoneapi --help" for usage.\n`);
      return EXIT.usage;
    }
    if (err instanceof ValidationError) {
      io.stderr(`${message}\nNothing was sent.\n`);
      return EXIT.usage;
    }
    if (err instanceof JustOneApiError) {
      io.stderr(
        `${message}\n${err.code === 100 ? 'The token came from --token or the JUSTONEAPI_TOKEN environment variable.\n' : ''}`,
      );
      return typeof (err as ApiCodeError).code === 'number' ? EXIT.api : EXIT.network;
    }
    io.stderr(`Unexpected error: ${message}\n`);
    return EXIT.unexpected;
  } finally {
    await sandbox?.close();
  }
}
