// The command tree, read from the SDK's documented catalog: one command per platform (SDK namespace),
// one subcommand per operation (SDK method). Nothing here is written per operation.
import {
  closest,
  documentedOperations,
  documentedPlatforms,
  highlightsOf,
  pagingParams,
  recordColumns,
  type DocumentedOperation,
  type DocumentedParam,
  type Highlight,
  type LocalizedText,
  type PlatformDocs,
} from '@justoneapi/sdk/core';
import { fold, kebab, UsageError } from './args.js';
import { toTable } from './format.js';

export interface Platform {
  /** The SDK namespace: "xiaohongshu". */
  id: string;
  /** As typed on the command line: "xiaohongshu", "douyin-xingtu". */
  command: string;
  name: LocalizedText;
  aliases: string[];
  description: string;
  operations: DocumentedOperation[];
}

/** Shortcuts kept from the first CLI: `xhs users <keyword>`, `xhs feed [feed-id]` (`xhs feeds` is in cli.ts). */
export const SHORTCUTS: Record<string, Record<string, { method: string; positional: string[] }>> = {
  xiaohongshu: {
    users: { method: 'searchUsers', positional: ['keyword'] },
    feed: { method: 'getNoteFeed', positional: ['oid'] },
  },
};

let cached: Platform[] | undefined;

/**
 * Every platform that has operations, in catalog order of first appearance. Platforms without an entry
 * in `documentedPlatforms` (yet) get their namespace as name.
 */
export function platforms(
  operations: readonly DocumentedOperation[] = documentedOperations,
  docsList: readonly PlatformDocs[] = documentedPlatforms,
): Platform[] {
  const useCache = operations === documentedOperations && docsList === documentedPlatforms;
  if (useCache && cached) return cached;
  const byId = new Map<string, Platform>();
  for (const op of operations) {
    let p = byId.get(op.namespace);
    if (!p) {
      const docs = docsList.find((d) => d.id === op.namespace);
      p = {
        id: op.namespace,
        command: kebab(op.namespace),
        name: docs?.name ?? { en: op.namespace, zh: op.namespace },
        aliases: docs?.aliases ?? [],
        description: docs?.description ?? '',
        operations: [],
      };
      byId.set(op.namespace, p);
    }
    p.operations.push(op);
  }
  const list = [...byId.values()];
  if (useCache) cached = list;
  return list;
}

/** A platform by its command, namespace, English or Chinese name, or any alias ("xhs", "rednote", "小红书"). */
export function findPlatform(input: string, all: readonly Platform[] = platforms()): Platform {
  const key = fold(input);
  const exact = all.find((p) => fold(p.id) === key);
  if (exact) return exact;
  const named = all.filter((p) => [p.name.en, p.name.zh, ...p.aliases].some((a) => fold(a) === key));
  if (named.length === 1) return named[0]!;
  if (named.length > 1)
    throw new UsageError(
      `"${input}" could be ${named.map((p) => p.command).join(' or ')}: use one of those names.`,
    );
  const guess = closest(
    input,
    all.map((p) => ({ value: p.command, aliases: [p.id, ...p.aliases] })),
  );
  throw new UsageError(
    `Unknown platform "${input}".${guess ? ` Did you mean "${guess}"?` : ''} Run "justoneapi list" for every platform and operation.`,
  );
}

export const opCommand = (op: DocumentedOperation) => kebab(op.method);

/** The names an operation answers to: its kebab-case command, its method name and its aliases. */
export function operationNames(op: DocumentedOperation): string[] {
  const aliases = op.aliases ?? [];
  return [...new Set([opCommand(op), op.method, ...aliases.map(kebab), ...aliases])];
}

/** An operation of a platform by kebab-case name ("search-user-v2"), method name, or alias. */
export function findOperationIn(platform: Platform, input: string): DocumentedOperation {
  const key = fold(input);
  const found = platform.operations.find((op) => operationNames(op).some((n) => fold(n) === key));
  if (found) return found;
  const guess = closest(
    input,
    platform.operations.map((op) => ({ value: opCommand(op), aliases: operationNames(op) })),
  );
  throw new UsageError(
    `Unknown operation "${input}" for ${platform.command}.${guess ? ` Did you mean "${guess}"?` : ''} Run "justoneapi list ${platform.command}" for its operations.`,
  );
}

/** The CLI's own options an operation parameter of the same name takes over (then use the other spelling). */
const SHADOWABLE: Record<string, string> = {
  format: '--output',
  region: '--api-region',
  'item-id': '--id-field',
};

/** How the CLI's "item id field" option is written for this operation: --item-id, or --id-field where itemId is its parameter. */
export const idFieldFlag = (op: DocumentedOperation) => shadowedOptions(op)['item-id'] ?? '--item-id';

/** How a parameter is written on the command line. */
export const paramFlag = (p: DocumentedParam) => `--${kebab(p.name)}`;

/** The CLI options an operation's parameters take over, with the spelling that still reaches the CLI. */
export function shadowedOptions(op: DocumentedOperation): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of op.params) {
    const flag = kebab(p.name);
    if (SHADOWABLE[flag]) out[flag] = SHADOWABLE[flag]!;
  }
  return out;
}

/** The parameter an option names ("--keyword", "--last-buffer", "--lastBuffer", "--last_buffer"). */
export function paramFor(op: DocumentedOperation, option: string): DocumentedParam | undefined {
  const key = fold(option);
  return op.params.find((p) => fold(p.name) === key);
}

function typeText(p: DocumentedParam): string {
  if (p.type === 'boolean') return 'true|false';
  if (p.enum) return 'value';
  return p.type === 'string' ? 'text' : p.type;
}

const mark = (op: DocumentedOperation) =>
  [op.deprecated ? 'DEPRECATED' : '', op.hidden ? 'hidden' : '', op.supplementary ? 'supplementary' : '']
    .filter(Boolean)
    .join(', ');

/** One line per parameter for help: flag, type, required or default, limits, description, values. */
function paramHelp(op: DocumentedOperation, p: DocumentedParam): string {
  const facts: string[] = [p.required ? 'required' : ''];
  if (p.default !== undefined) facts.push(`default ${String(p.default)}`);
  if (p.minimum !== undefined) facts.push(`>= ${p.minimum}`);
  if (p.maximum !== undefined) facts.push(`<= ${p.maximum}`);
  if (pagingParams(op).includes(p.name)) facts.push('paging: where to start');
  const head = `  ${paramFlag(p)} <${typeText(p)}>`;
  const desc = (p.description.en || p.description.zh).replace(/\s+/g, ' ').trim();
  const lines = [`${head}${facts.filter(Boolean).length ? `   (${facts.filter(Boolean).join(', ')})` : ''}`];
  if (desc) lines.push(`      ${desc}`);
  if (p.enum) {
    lines.push('      values:');
    for (const e of p.enum) {
      const labels = [e.label.en, e.label.zh].filter(
        (l, i, a) => l && l !== String(e.value) && a.indexOf(l) === i,
      );
      lines.push(`        ${String(e.value)}${labels.length ? `  ${labels.join(' / ')}` : ''}`);
    }
  }
  return lines.join('\n');
}

/** One vendor highlight for --help; a danger one says how to acknowledge it. */
function highlightHelp(h: Highlight): string {
  const head = `  ${h.type.toUpperCase()}${h.title ? ` (${h.title})` : ''}: ${h.content}`;
  return h.acknowledge
    ? `${head}\n    Refused, nothing sent, unless you add --acknowledge ${h.acknowledge}`
    : head;
}

/** What `justoneapi <platform> <operation> --help` and `describe` print. */
export function operationHelp(platform: Platform, op: DocumentedOperation): string {
  const cmd = `justoneapi ${platform.command} ${opCommand(op)}`;
  const required = op.params.filter((p) => p.required).map((p) => `${paramFlag(p)} <${typeText(p)}>`);
  const marks = mark(op);
  const out: string[] = [
    `${cmd}: ${op.summary.en}${op.summary.zh && op.summary.zh !== op.summary.en ? ` (${op.summary.zh})` : ''}${op.version ? ` ${op.version}` : ''}`,
  ];
  if (op.deprecated)
    out.push('DEPRECATED by the vendor: still callable, but prefer a newer version of this operation.');
  if (op.hidden) out.push('Hidden in the vendor docs: callable, listed by "justoneapi list --all" only.');
  if (op.supplementary) out.push('Documented by the vendor outside its OpenAPI document (supplementary).');
  const desc = (op.description.en || op.description.zh).trim();
  if (desc) out.push('', desc);
  const notes = highlightsOf(op.id);
  if (notes.length) out.push('', "The vendor's notes:", ...notes.map(highlightHelp));
  out.push(
    '',
    'Usage:',
    `  ${cmd} ${[...required, '[--param value ...]'].join(' ')} [options]`,
    '',
    `${op.httpMethod} ${op.path}${marks ? `   [${marks}]` : ''}`,
  );
  const others = operationNames(op).filter((n) => n !== opCommand(op));
  if (others.length) out.push(`Also callable as: ${others.join(', ')}`);
  out.push('', 'Parameters:');
  if (op.params.length === 0) out.push('  (none)');
  for (const p of op.params) out.push(paramHelp(op, p));
  if (op.pagination) {
    const start = pagingParams(op).map((n) => `--${kebab(n)}`);
    out.push(
      '',
      'Paging:',
      '  --pages N        pages to fetch (default 1; each page is one paid call); stops at the end of results',
      '  --max-items N    stop after N unique items',
      ...(start.length ? [`  ${start.join(', ')}: the starting point (default: the first page)`] : []),
      op.pagination.id
        ? `  Items are identified by "${op.pagination.id}" (--only-new, de-duplication).`
        : `  The vendor documents no item id: --only-new needs ${idFieldFlag(op)} FIELD (e.g. ${idFieldFlag(op)} id).`,
    );
  } else out.push('', 'Not paged: one call.');
  const columns = recordColumns(op);
  out.push(
    '',
    columns
      ? `Output columns: ${columns.join(', ')}`
      : "Output: compact rows (at most 30 columns: the wrapper items share dropped, epoch times as ISO dates, a URL list's first URL); --raw for the API data as is.",
    '--columns "name=path, …" picks and renames columns ("*": all of them).',
  );
  const shadowed = shadowedOptions(op);
  for (const [flag, other] of Object.entries(shadowed))
    out.push(`--${flag} is this operation's parameter here; the CLI option is ${other}.`);
  out.push('', 'Options: see "justoneapi --help".', '');
  return out.join('\n');
}

/** What `describe --format json` prints: the operation as tools need it (no paging internals). */
export function describeOperation(platform: Platform, op: DocumentedOperation): Record<string, unknown> {
  return {
    id: op.id,
    platform: platform.command,
    operation: opCommand(op),
    command: `justoneapi ${platform.command} ${opCommand(op)}`,
    aliases: operationNames(op).filter((n) => n !== opCommand(op)),
    summary: op.summary,
    description: op.description,
    ...(op.version ? { version: op.version } : {}),
    httpMethod: op.httpMethod,
    path: op.path,
    deprecated: Boolean(op.deprecated),
    hidden: Boolean(op.hidden),
    supplementary: Boolean(op.supplementary),
    highlights: highlightsOf(op.id),
    paged: Boolean(op.pagination),
    pagingParams: pagingParams(op),
    params: op.params.map((p) => ({
      name: p.name,
      flag: paramFlag(p),
      in: p.in,
      type: p.type,
      required: p.required,
      ...(p.default !== undefined ? { default: p.default } : {}),
      ...(p.minimum !== undefined ? { minimum: p.minimum } : {}),
      ...(p.maximum !== undefined ? { maximum: p.maximum } : {}),
      displayName: p.displayName,
      description: p.description,
      ...(p.enum ? { enum: p.enum.map((e) => ({ value: e.value, label: e.label })) } : {}),
    })),
    columns: recordColumns(op) ?? null,
  };
}

export interface ListRow {
  platform: string;
  operation: string;
  summary: string;
  version: string;
  paged: boolean;
  deprecated: boolean;
  hidden: boolean;
  marks: string;
}

/** Rows for `justoneapi list`: hidden operations only when asked for. */
export function listRows(of: readonly Platform[], all: boolean): ListRow[] {
  const rows: ListRow[] = [];
  for (const p of of)
    for (const op of p.operations) {
      if (op.hidden && !all) continue;
      rows.push({
        platform: p.command,
        operation: opCommand(op),
        summary: op.summary.en,
        version: op.version ?? '',
        paged: Boolean(op.pagination),
        deprecated: Boolean(op.deprecated),
        hidden: Boolean(op.hidden),
        marks: mark(op),
      });
    }
  return rows;
}

/** `list` as a table: marks spelled out, "paged" as yes or nothing. */
export function listTable(rows: readonly ListRow[], withPlatform: boolean): string {
  const cells = rows.map((r) => ({ ...r, paged: r.paged ? 'yes' : '' }));
  const columns = ['operation', 'summary', 'version', 'paged', 'marks'];
  return toTable(cells, withPlatform ? ['platform', ...columns] : columns, 48);
}
