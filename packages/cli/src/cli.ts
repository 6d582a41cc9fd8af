import { BudgetExceededError, createClient, type Usage } from '@justoneapi/sdk';
import { FileSeenStore } from '@justoneapi/sdk/file-seen-store';
import {
  type ApiCodeError,
  type DocumentedOperation,
  ColumnsError,
  createRows,
  type Rows,
  withItemId,
  documentedOperations,
  estimateRequests,
  formatEstimate,
  formatUsage,
  JustOneApiError,
  pagingParams,
  prepareRequest,
  recordColumns,
  redact,
  STOP_REASONS,
  ValidationError,
} from '@justoneapi/sdk/core';
import { FLAG_OPTIONS, parseArgv, type RawOption, UsageError, VALUE_OPTIONS, wholeNumber } from './args.js';
import {
  describeOperation,
  findOperationIn,
  findPlatform,
  listRows,
  listTable,
  operationHelp,
  opCommand,
  idFieldFlag,
  paramFlag,
  paramFor,
  platforms,
  SHORTCUTS,
  shadowedOptions,
} from './catalog.js';
import {
  columnsThatFit,
  OUTPUT_FORMATS,
  type OutputFormat,
  toCsv,
  toFieldTable,
  toTable,
  unionColumns,
} from './format.js';
import { shortDates, shortHeaders, TABLE_CELL, tableOrder } from './table-columns.js';

declare const __CLI_VERSION__: string | undefined;

export const EXIT = { ok: 0, unexpected: 1, usage: 2, api: 3, network: 4, budget: 5 } as const;

export interface Io {
  /** Writes to stdout; resolves false once stdout is gone (EPIPE: `| head -1`), so no further page is paid for. */
  stdout: (s: string) => boolean | Promise<boolean>;
  stderr: (s: string) => void;
  env: Record<string, string | undefined>;
  /** stdout is a terminal: table by default. */
  isTTY: boolean;
  /** stderr is a terminal: progress lines. */
  stderrTTY?: boolean;
  /** Terminal width for tables. */
  columns?: number;
}

function help(): string {
  const list = platforms()
    .map((p) => {
      const seen = new Set([p.command]);
      const names = [p.name.en, ...p.aliases].filter(
        (a) => !seen.has(a.toLowerCase()) && seen.add(a.toLowerCase()),
      );
      const n = p.operations.length;
      return `  ${p.command.padEnd(28)} ${names.join(', ')} (${n} operation${n === 1 ? '' : 's'})`;
    })
    .join('\n');
  return `justoneapi: every Just One API operation from the command line (${documentedOperations.length} operations)

Usage:
  justoneapi <platform> <operation> [--param value ...] [options]   call an operation
  justoneapi <platform> <operation> --help                           its parameters, paging and output
  justoneapi list [platform] [--all]                                 operations (hidden ones with --all)
  justoneapi describe <platform> <operation> [--format json]         what --help shows; JSON for tools
  justoneapi xhs users <keyword> | xhs feed [feed-id] | xhs feeds    Xiaohongshu shortcuts

  Platforms and operations take kebab-case names (search-user-v2), the SDK's names (searchUserV2)
  or an alias (xhs, rednote, 小红书). A required parameter may also be given as a plain argument.

Examples:
  justoneapi xiaohongshu search-users --keyword 咖啡 --pages 2 --format csv > users.csv
  justoneapi xhs feed food --format json

Platforms:
${list}

Options:
  --pages N          pages to fetch for a paged operation (default 1; each page is one paid call)
  --max-items N      stop after N unique items
  --format F         table (default on a terminal), json (default when piped), ndjson or csv.
                     CSV text cells starting with = + - @, a tab or a carriage return get a leading '
  -o, --output F     the same as --format
  --raw              the API's data as it is instead of flat rows (json/ndjson only)
  --columns LIST     the columns to print, renamed with name=path, in this order, e.g.
                     --columns "likes=statistics.digg_count, author=author.nickname, create_time";
                     a path is a column name or a field of the item; "*" adds every column.
                     Default: an operation's curated columns, or at most 30 compact columns (the
                     item's shared wrapper dropped, epoch times as ISO dates, a URL list's first URL)
  --token T          API token (default: JUSTONEAPI_TOKEN). Without one, an embedded sandbox with
                     sample data is used and nothing is billed.
  --region R         global (default) or cn (mainland China: plain HTTP, not encrypted). Also --api-region.
  --base-url URL     custom API base URL (needs a token)
  --timeout MS       per-attempt timeout (default 60000)
  --retries N        retries for 301/302/5xx/network errors (default 2)
  --progress         progress lines on stderr even when it is not a terminal (--no-progress: never)
  --max-requests N   send at most N HTTP requests (retries included) in this run; the one past it is
                     not sent, and stderr says how to resume (exit 5)
  --dry-run          print the most requests the command can make (pages, and pages x (1 + retries)
                     if every request is retried) and send nothing
  --only-new         print only items no earlier run printed for the same parameters; needs
  --state FILE       the JSON file that remembers them (per operation and parameters; 10,000 ids, 30 days)
  --stop-at-seen     with --only-new: stop at the first page whose every item an earlier run printed (a
                     newest-first list has only older items after it), so a run with nothing new costs
                     one request; without it a run reads on into older pages
  --item-id FIELD    the field that identifies an item (a dot path, e.g. id or aweme_id), for --only-new
                     and de-duplication where the vendor documents none (list OP --help shows which).
                     Also --id-field; where an operation has its own itemId parameter, --item-id is that
                     parameter and --id-field is this option
  --acknowledge NAME call an operation the vendor marks danger (its --help names the warning and NAME);
                     without it such a call is refused and nothing is sent
  --meta             json: {"items": [...], "meta": {"operation", "usage", "resume"}} instead of the bare array
  --all              list: include operations hidden in the vendor docs
  -h, --help         this help, or an operation's help after its name
  --version          the CLI's version

Exit codes: 0 ok, 2 bad usage or input (nothing was sent; for a --columns field no item has, after
the first page, whose rows are printed), 3 API error (business code),
4 network, timeout or unusable response, 5 --max-requests reached, 1 unexpected.
A run that sent requests ends with a usage line on stderr (requests, ok, failed by code, retries,
pages, items) when progress lines are shown, a spend option is given, or it failed.
`;
}

// The CLI's own options, from the one list in args.ts.
const GLOBAL_VALUES: readonly string[] = VALUE_OPTIONS;
/** Other spellings of the CLI's own options (an operation parameter may take over the first one). */
const ALIASES: Record<string, string> = { output: 'format', 'api-region': 'region', 'id-field': 'item-id' };
const GLOBAL_FLAGS: readonly string[] = FLAG_OPTIONS;

interface Split {
  /** CLI options, canonical names ("format", "region"). */
  cli: Map<string, string | true>;
  /** Operation parameters, by their catalog name. */
  params: Record<string, string | boolean>;
}

/** Sorts the options into the CLI's own and the operation's parameters; unknown names are usage errors. */
function splitOptions(options: RawOption[], op: DocumentedOperation | undefined): Split {
  const cli = new Map<string, string | true>();
  const params: Record<string, string | boolean> = {};
  const shadowed = op ? shadowedOptions(op) : {};
  for (const { name, value } of options) {
    const param = op ? paramFor(op, name) : undefined;
    const isGlobal = GLOBAL_VALUES.includes(name) || GLOBAL_FLAGS.includes(name);
    if (param && (!isGlobal || shadowed[name])) {
      if (param.name in params) throw new UsageError(`${paramFlag(param)} is given twice.`);
      if (value === true && param.type !== 'boolean')
        throw new UsageError(
          `${paramFlag(param)} needs a value${param.type === 'string' ? ` (a value starting with "-" is written ${paramFlag(param)}=-value)` : ''}.`,
        );
      params[param.name] = value;
      continue;
    }
    if (!isGlobal) {
      const known = op ? op.params.map((p) => paramFlag(p)).join(' ') : '';
      throw new UsageError(
        op
          ? `Unknown option --${name} for ${opCommand(op)}. Its parameters: ${known || '(none)'}.`
          : `Unknown option --${name}.`,
      );
    }
    const canonical = ALIASES[name] ?? name;
    if (cli.has(canonical)) throw new UsageError(`--${name} is given twice.`);
    if (GLOBAL_VALUES.includes(name) && value === true) throw new UsageError(`--${name} needs a value.`);
    cli.set(canonical, value);
  }
  return { cli, params };
}

function label(op: DocumentedOperation): string {
  return op.record === 'user' ? 'users' : op.record === 'note' ? 'notes' : 'items';
}

const SHORT_COLUMNS: Record<string, string[]> = {
  user: ['name', 'red_id', 'followers', 'verified', 'id'],
  note: ['title', 'likes', 'author_name', 'category', 'published_at'],
};

/** The items of an answer that is not paged: the elements of a list, else the whole answer as one item. */
const answerItems = (data: unknown): unknown[] => (Array.isArray(data) ? data : [data]);

/** The rows of a page; a --columns field no item of it has is an error once they are printed. */
function pageRows(rows: Rows, items: readonly unknown[], op: DocumentedOperation) {
  if (!items.every((i) => i && typeof i === 'object'))
    return { rows: items.map((value) => ({ value })), missing: undefined };
  const page = rows.page(items);
  const missing = page.missing.length ? new ColumnsError(page.missing, page.available, op.id) : undefined;
  return { rows: page.rows as Record<string, unknown>[], missing };
}

const SANDBOX_FIRST = (url: string) =>
  `No token (--token or JUSTONEAPI_TOKEN): using the embedded sandbox at ${url}. Sample data; nothing is billed.\n`;
const SANDBOX_LAST =
  'That was the embedded sandbox: sample data, nothing billed. Set JUSTONEAPI_TOKEN for real data.\n';

/** "--page 3" or "--cursor 'a b'": the paging params of a resume point, as this operation's flags. */
function resumeFlags(op: DocumentedOperation, next: Record<string, unknown>): string {
  const quote = (v: string) => (/^[\w.:@%+=-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);
  return pagingParams(op)
    .filter((n) => next[n] !== undefined)
    .map((n) => `${paramFlag(op.params.find((p) => p.name === n)!)} ${quote(String(next[n]))}`)
    .join(' ');
}

export async function main(argv: string[], io: Io): Promise<number> {
  let sandbox: { url: string; close(): Promise<void> } | undefined;
  let token: string | undefined;
  /** Set once a client exists: the usage line at the end, and where to resume. */
  let spend:
    | {
        usage(): Usage;
        resume(): Record<string, unknown> | undefined;
        show: boolean;
        max?: number;
        op: DocumentedOperation;
      }
    | undefined;
  /** The operation the command runs, once known: its errors name its flags. */
  let current: DocumentedOperation | undefined;
  let stdoutGone = false;
  const out = async (s: string) => {
    if (stdoutGone) return false;
    if ((await io.stdout(s)) === false) stdoutGone = true;
    return !stdoutGone;
  };
  try {
    const { positionals, options } = parseArgv(argv);
    const wantsHelp = options.some((o) => o.name === 'help');
    if (positionals.length === 0) {
      if (options.some((o) => o.name === 'version')) {
        await out(`${typeof __CLI_VERSION__ === 'string' ? __CLI_VERSION__ : 'dev'}\n`);
        return EXIT.ok;
      }
      if (wantsHelp) {
        await out(help());
        return EXIT.ok;
      }
      io.stderr(help());
      return EXIT.usage;
    }
    if (positionals[0] === 'help') {
      // `justoneapi help [platform [operation]]` is the same as --help
      const [, ...topic] = positionals;
      return topic.length ? main([...topic, '--help'], io) : main(['--help'], io);
    }
    const [first, second, ...rest] = positionals;

    // justoneapi list [platform] [--all]
    if (first === 'list') {
      const { cli } = splitOptions(options, undefined);
      if (rest.length) throw new UsageError(`Unexpected arguments: ${rest.join(' ')}.`);
      const only = second === undefined ? undefined : findPlatform(second);
      const rows = listRows(only ? [only] : platforms(), cli.has('all'));
      const format = outputFormat(cli, io);
      const omitted = cli.has('all') ? 0 : listRows(only ? [only] : platforms(), true).length - rows.length;
      const hiddenNote = omitted
        ? `(${omitted} operations hidden in the vendor docs are left out: --all lists them)\n`
        : '';
      if (format === 'json') await out(`${JSON.stringify(rows, null, 2)}\n`);
      else if (format === 'ndjson') await out(rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
      else if (format === 'csv')
        await out(
          toCsv(rows, ['platform', 'operation', 'summary', 'version', 'paged', 'deprecated', 'hidden']),
        );
      else {
        await out(listTable(rows, !only));
        if (hiddenNote) io.stderr(hiddenNote);
      }
      return EXIT.ok;
    }

    // justoneapi describe <platform> <operation> [--format json]
    if (first === 'describe') {
      if (!second || rest.length !== 1)
        throw new UsageError('Usage: justoneapi describe <platform> <operation> [--format json].');
      const platform = findPlatform(second);
      const op = findOperationIn(platform, rest[0]!);
      const { cli } = splitOptions(options, undefined);
      const format = cli.get('format');
      if (format !== undefined && format !== 'json' && format !== 'table')
        throw new UsageError(`describe prints text, or JSON with --format json; got "${format}".`);
      await out(
        format === 'json'
          ? `${JSON.stringify(describeOperation(platform, op), null, 2)}\n`
          : operationHelp(platform, op),
      );
      return EXIT.ok;
    }

    const platform = findPlatform(first!);
    if (second === undefined) {
      // justoneapi <platform> [--help]: its operations
      const { cli } = splitOptions(options, undefined);
      const text = `${platform.name.en}${platform.name.zh !== platform.name.en ? ` (${platform.name.zh})` : ''}${platform.description ? `: ${platform.description}` : ''}\n\n${listTable(listRows([platform], cli.has('all')), false)}\nRun "justoneapi ${platform.command} <operation> --help" for its parameters.\n`;
      if (wantsHelp) {
        await out(text);
        return EXIT.ok;
      }
      io.stderr(text);
      return EXIT.usage;
    }

    // xhs feeds: the feed ids with their labels, no request.
    if (platform.id === 'xiaohongshu' && second === 'feeds') {
      if (rest.length) throw new UsageError(`Unexpected arguments: ${rest.join(' ')}.`);
      const feedOp = findOperationIn(platform, SHORTCUTS.xiaohongshu!.feed!.method);
      const rows = (feedOp.params.find((p) => p.name === 'oid')?.enum ?? []).map((o) => ({
        id: String(o.value),
        en: o.label.en,
        zh: o.label.zh,
      }));
      await out(toTable(rows, ['id', 'en', 'zh'], 40));
      return EXIT.ok;
    }

    const shortcut = SHORTCUTS[platform.id]?.[second];
    const op = findOperationIn(platform, shortcut ? shortcut.method : second);
    current = op;
    if (wantsHelp) {
      await out(operationHelp(platform, op));
      return EXIT.ok;
    }
    const { cli, params } = splitOptions(options, op);

    // Plain arguments fill the shortcut's parameter, or the required parameters not given as options.
    const slots = (shortcut?.positional ?? op.params.filter((p) => p.required).map((p) => p.name)).filter(
      (n) => !(n in params),
    );
    if (rest.length > slots.length)
      throw new UsageError(
        `Unexpected arguments: ${rest.slice(slots.length).join(' ')}. Give parameters as --name value; quote a value that has spaces.`,
      );
    rest.forEach((v, i) => {
      params[slots[i]!] = v;
    });
    const missing = op.params.find((p) => p.required && !(p.name in params));
    if (missing)
      throw new UsageError(
        `${paramFlag(missing)} is required: justoneapi ${platform.command} ${shortcut ? second : opCommand(op)} ${paramFlag(missing)} <value>.`,
      );

    const format = outputFormat(cli, io);
    const raw = cli.has('raw');
    if (raw && (format === 'csv' || format === 'table'))
      throw new UsageError('--raw works with --format json or ndjson.');
    const region = cli.get('region');
    if (region !== undefined && region !== 'global' && region !== 'cn')
      throw new UsageError(`--region must be global or cn, got "${String(region)}".`);
    const paged = Boolean(op.pagination);
    const maxPages = wholeNumber('pages', cli.get('pages'));
    const maxItems = wholeNumber('max-items', cli.get('max-items'));
    if (!paged && (maxPages !== undefined || maxItems !== undefined))
      throw new UsageError(`${opCommand(op)} is not paged: --pages and --max-items do not apply.`);
    const timeoutMs = wholeNumber('timeout', cli.get('timeout'));
    const maxRetries = wholeNumber('retries', cli.get('retries'), 0);
    const baseUrlOption = cli.get('base-url');
    const tokenOption = cli.get('token');
    if (tokenOption === true) throw new UsageError('--token needs a value.');
    const progress = cli.has('no-progress') ? false : cli.has('progress') || Boolean(io.stderrTTY);

    const maxRequests = wholeNumber('max-requests', cli.get('max-requests'));
    const onlyNew = cli.has('only-new');
    const state = cli.get('state');
    if (onlyNew && typeof state !== 'string')
      throw new UsageError(
        '--only-new needs --state FILE: the JSON file that remembers the items already printed.',
      );
    if (state !== undefined && !onlyNew) throw new UsageError('--state goes with --only-new.');
    if (cli.has('stop-at-seen') && !onlyNew) throw new UsageError('--stop-at-seen goes with --only-new.');
    if (onlyNew && !paged) throw new UsageError(`${opCommand(op)} is not paged: --only-new does not apply.`);
    const itemId = cli.get('item-id');
    const idFlag = idFieldFlag(op);
    if (itemId === true)
      throw new UsageError(`${idFlag} needs a value: the field that identifies an item, e.g. ${idFlag} id.`);
    if (itemId !== undefined && !paged)
      throw new UsageError(`${opCommand(op)} is not paged: ${idFlag} does not apply.`);
    const meta = cli.has('meta');
    if (meta && format !== 'json') throw new UsageError('--meta works with --format json.');
    const columnsText = cli.get('columns');
    if (columnsText === true)
      throw new UsageError('--columns needs a value, e.g. --columns "likes=statistics.digg_count, desc".');
    if (columnsText !== undefined && raw)
      throw new UsageError('--raw gives the data as it is: --columns does not apply.');
    // The one columns parser (core): a malformed --columns fails here, before anything is sent.
    const maker = createRows(op, columnsText === undefined ? {} : { columns: columnsText });
    const curated = op.record && columnsText === undefined;

    const ackOption = cli.get('acknowledge');
    if (ackOption === true)
      throw new UsageError('--acknowledge needs the name of the vendor warning you accept.');
    const acknowledge = ackOption ? ackOption.split(',').map((a) => a.trim()) : [];
    // Bad input fails here: before the sandbox starts and before anything is sent.
    prepareRequest(op, params, { baseUrl: 'https://api.justoneapi.com' }, { acknowledge });
    // A malformed id field fails here too; the CLI words "no id" itself, with the flag this operation takes.
    const identified = withItemId(op, itemId).pagination?.id;
    if (onlyNew && !identified)
      throw new UsageError(
        `--only-new needs an item id and the vendor documents none for ${opCommand(op)}: name the item's id field with ${idFlag} FIELD (e.g. ${idFlag} id).`,
      );

    if (cli.has('dry-run')) {
      const estimate = estimateRequests({
        paged,
        maxPages: maxPages ?? 1,
        maxRetries: maxRetries ?? 2,
        ...(maxRequests ? { maxRequests } : {}),
      });
      if (format === 'json')
        await out(`${JSON.stringify({ dryRun: true, operation: op.id, estimate }, null, 2)}\n`);
      else
        await out(
          `Dry run, nothing sent: ${opCommand(op)} makes ${formatEstimate(estimate)}${paged ? ` (--pages ${maxPages ?? 1})` : ''}.\n`,
        );
      return EXIT.ok;
    }

    token =
      (typeof tokenOption === 'string' ? tokenOption : (io.env.JUSTONEAPI_TOKEN ?? '')).trim() || undefined;
    let baseUrl = typeof baseUrlOption === 'string' ? baseUrlOption : undefined;
    if (!token) {
      if (baseUrlOption !== undefined || region !== undefined)
        throw new UsageError(
          `${baseUrlOption !== undefined ? '--base-url' : '--region'} needs a token (--token or JUSTONEAPI_TOKEN). Without a token the CLI uses its embedded sandbox, which has its own address.`,
        );
      const { startSandbox } = await import('@justoneapi/sandbox');
      sandbox = await startSandbox({ port: 0 });
      baseUrl = sandbox.url;
      token = 'sandbox';
      io.stderr(SANDBOX_FIRST(sandbox.url));
    } else if (region === 'cn' && !baseUrl)
      io.stderr('Region cn: http://47.117.133.51:30015 is plain HTTP (not encrypted).\n');

    const client = createClient({
      token,
      ...(baseUrl ? { baseUrl } : {}),
      operations: documentedOperations,
      ...(region ? { region: region as 'global' | 'cn' } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
      ...(maxRetries !== undefined ? { maxRetries } : {}),
      ...(maxRequests ? { maxRequests } : {}),
      onRetry: (e) => io.stderr(`retry ${e.retry} in ${e.delayMs} ms: ${(e.error as Error).message}\n`),
    });
    let run: { usage: Usage; resume?: Record<string, unknown> } | undefined;
    spend = {
      usage: () => client.usage,
      resume: () => run?.resume,
      show: progress || maxRequests !== undefined || onlyNew,
      ...(maxRequests ? { max: maxRequests } : {}),
      op,
    };
    const withMeta = (items: unknown) =>
      meta
        ? {
            items,
            meta: {
              operation: op.id,
              usage: client.usage,
              ...(run?.resume ? { resume: run.resume } : {}),
            },
          }
        : items;

    const rows: Record<string, unknown>[] = [];
    const rawItems: unknown[] = [];
    const emit = async () => {
      if (format === 'ndjson') return; // streamed page by page
      if (format === 'json') {
        await out(`${JSON.stringify(withMeta(raw ? rawItems : rows), null, 2)}\n`);
        return;
      }
      const columns = (curated && recordColumns(op)) || unionColumns(rows);
      if (format === 'csv') {
        await out(toCsv(rows, columns));
        return;
      }
      if (rows.length === 0) {
        await out(`No ${label(op)} found.\n`);
        return;
      }
      const short = curated ? SHORT_COLUMNS[op.record!] : undefined;
      if (short) {
        await out(toTable(rows, short));
        return;
      }
      if (rows.length === 1 && columns.length > 4) {
        await out(toFieldTable(rows[0]!));
        return;
      }
      // Compact rows by default: the columns read first, short headers and dates (display only).
      const compact = columnsText === undefined && !curated ? maker.columns : undefined;
      const order = compact ? tableOrder(compact).filter((c) => columns.includes(c)) : columns;
      const headers = compact ? shortHeaders(order) : undefined;
      const shown = compact
        ? shortDates(
            rows,
            compact.filter((c) => c.kind === 'date').map((c) => c.name),
          )
        : rows;
      const cellWidth = compact ? TABLE_CELL : 32;
      const fitting = columnsThatFit(shown, order, io.columns ?? 120, cellWidth, headers);
      await out(toTable(shown, fitting, cellWidth, headers));
      if (fitting.length < columns.length)
        io.stderr(
          `(${columns.length - fitting.length} more columns: use --format csv or json for all of them)\n`,
        );
    };

    if (!paged) {
      const result = await client.call(op.id as never, params as never, { acknowledge });
      rawItems.push(result.data);
      if (raw && format === 'json') {
        await out(`${JSON.stringify(withMeta(result.data), null, 2)}\n`);
        return EXIT.ok;
      }
      const made = pageRows(maker, answerItems(result.data), op);
      rows.push(...made.rows);
      if (format === 'ndjson')
        await out((raw ? [result.data] : rows).map((r) => `${JSON.stringify(r)}\n`).join(''));
      await emit();
      if (made.missing) throw made.missing;
      return EXIT.ok;
    }

    const pagesWanted = maxPages ?? 1;
    let pagesDone = 0;
    try {
      const pages = client.pages(op.id as never, params as never, {
        acknowledge,
        maxPages: pagesWanted,
        ...(maxItems ? { maxItems } : {}),
        ...(onlyNew ? { onlyNew: new FileSeenStore(state as string) } : {}),
        ...(cli.has('stop-at-seen') ? { stopAtSeen: true } : {}),
        ...(itemId !== undefined ? { itemId } : {}),
      });
      run = pages;
      for await (const page of pages) {
        pagesDone++;
        rawItems.push(...page.items);
        const made = pageRows(maker, page.items, op);
        const records = made.rows;
        rows.push(...records);
        if (progress && pagesWanted > 1) {
          const end = !page.done
            ? ''
            : page.stop === 'limit'
              ? ', limit reached (--pages / --max-items)'
              : `, end of results: ${STOP_REASONS[page.reason ?? 'empty']}`;
          const n = typeof page.page === 'number' ? page.page : pagesDone;
          io.stderr(`page ${n}: ${page.items.length} new ${label(op)} (${rows.length} in all)${end}\n`);
        }
        if (format === 'ndjson') {
          const lines = (raw ? page.items : records).map((r) => `${JSON.stringify(r)}\n`).join('');
          if (lines && !(await out(lines))) break; // the reader is gone: no further page is paid for
        }
        if (made.missing) throw made.missing; // this page's rows are printed (below); no further page is fetched
      }
    } catch (err) {
      // Pages already fetched were paid for: print them before the error.
      if (pagesDone > 0) {
        await emit();
        io.stderr(`Partial output: ${pagesDone} page(s), ${rows.length} ${label(op)}, before this error:\n`);
      }
      throw err;
    }
    await emit();
    return EXIT.ok;
  } catch (err) {
    if (spend) spend.show = true;
    return report(err, token, io, current);
  } finally {
    if (spend?.show && (spend.usage().requests || spend.usage().refused)) {
      const resume = spend.resume();
      const again = resume && spend.op.pagination ? resumeFlags(spend.op, resume) : '';
      io.stderr(`usage: ${formatUsage(spend.usage(), spend.max)}${again ? `; resume with ${again}` : ''}\n`);
    }
    if (sandbox) {
      await sandbox.close();
      io.stderr(SANDBOX_LAST);
    }
  }
}

function outputFormat(cli: Map<string, string | true>, io: Io): OutputFormat {
  const chosen = cli.get('format');
  const format = (chosen ?? (io.isTTY ? 'table' : 'json')) as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format))
    throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, got "${String(chosen)}".`);
  return format;
}

function report(err: unknown, token: string | undefined, io: Io, op?: DocumentedOperation): number {
  if (err instanceof BudgetExceededError) {
    io.stderr(
      `Request budget reached: ${err.sent} of ${err.maxRequests} requests sent (--max-requests); the next one was not sent.${op && err.next ? ` Continue with ${resumeFlags(op, err.next)} (no page is fetched twice).` : ''}\n`,
    );
    return EXIT.budget;
  }
  const message = redact(err instanceof Error ? err.message : String(err), token);
  if (err instanceof UsageError) {
    io.stderr(`${message}\nRun "justoneapi --help" for usage.\n`);
    return EXIT.usage;
  }
  const danger = err instanceof ValidationError ? err.reason?.highlight : undefined;
  if (err instanceof ValidationError && err.reason?.kind === 'danger-unacknowledged' && danger) {
    io.stderr(
      `Refused: the vendor warns about ${err.operation}: "${danger.text}"\nNothing was sent. If you still want to call it, add --acknowledge ${danger.acknowledge}\n`,
    );
    return EXIT.usage;
  }
  if (err instanceof ColumnsError) {
    io.stderr(
      `--columns: ${message}\nThe rows fetched so far are printed; write the field as one of those columns.\n`,
    );
    return EXIT.usage;
  }
  if (err instanceof ValidationError) {
    // Worded from the fields: the flag the user typed, then the core's reason (never its message parsed).
    const param = op?.params.find((p) => p.name === err.param);
    const flag = param ? paramFlag(param) : err.param;
    const r = err.reason;
    const what =
      r?.kind === 'too-long'
        ? `The input is too long: ${flag ? `${flag} makes ` : ''}a request URL of ${r.value} bytes, over the ${r.limit} the API accepts. Shorten it.`
        : flag && r?.text
          ? `${flag} ${r.text}`
          : err.detail;
    io.stderr(`${redact(what, token)}\n${err.nothingSent ? 'Nothing was sent.\n' : ''}`);
    return EXIT.usage;
  }
  if (err instanceof JustOneApiError) {
    if (err.code === 'INPUT_TOO_LONG') {
      // The server refused the request line or headers for their size (a very long keyword, say).
      io.stderr(
        `The input is too long: the server refused the request (HTTP ${err.httpStatus}). Shorten the keyword or other text parameters.\n`,
      );
      return EXIT.usage;
    }
    io.stderr(
      `${message}\n${err.code === 100 ? 'The token came from --token or the JUSTONEAPI_TOKEN environment variable.\n' : ''}`,
    );
    return typeof (err as ApiCodeError).code === 'number' ? EXIT.api : EXIT.network;
  }
  io.stderr(`Unexpected error: ${message}\n`);
  return EXIT.unexpected;
}
