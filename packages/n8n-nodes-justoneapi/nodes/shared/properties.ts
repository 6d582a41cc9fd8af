// Generates a platform node's parameters from the catalog: one Operation list per platform (vendor
// summaries), one field per operation parameter, Return All / Limit / Max Pages on paged operations,
// Simplify and Options. Nothing here names an operation: it works for 2 operations or 349.
// tools/generate.mjs writes the result of `platformProperties` to nodes/generated/<platform>.v<N>.json,
// the frozen parameters of each released node version (see nodes/versions.json and the README).
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { FIELDS_PROPERTY } from './fields';
import {
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  highlightsOf,
  pagingParams,
  type DocumentedOperation,
  type DocumentedParam,
  type PlatformDocs,
} from '@justoneapi/sdk/core';
import { acknowledgeField } from './acknowledge';

/** Max Pages default: the HTTP Request node's pagination default. */
export const DEFAULT_MAX_PAGES = 100;
/** Limit default in the editor, and in the AI tool variant, where every item goes into the model's context. */
export const DEFAULT_LIMIT = 50;
export const DEFAULT_TOOL_LIMIT = 10;
/** Items per batch: how many input items run at the same time. */
export const DEFAULT_BATCH_SIZE = 3;

const SMALL_WORDS = new Set(['a', 'an', 'and', 'for', 'of', 'or', 'the', 'to', 'by', 'in', 'on']);
/** Title Case as n8n writes option names ("movie and tv" -> "Movie and Tv"). */
export const title = (s: string) =>
  s
    .split(/\s+/)
    .map((w, i) => (i > 0 && SMALL_WORDS.has(w) ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(' ');

/** "Food · 美食": the English label, then the Chinese one where the vendor gives a different text. */
export function bilingual(label: { en: string; zh: string }): string {
  const en = title(label.en);
  return label.zh && label.zh !== label.en ? `${en} · ${label.zh}` : en;
}

/** The vendor's API version of an operation ("v2"), from the catalog or its path. */
export function apiVersion(op: DocumentedOperation): string | undefined {
  return op.version ?? /\/(v\d+)$/i.exec(op.path)?.[1]?.toLowerCase();
}

/** The operation's name in the list: the vendor summary with its API version ("User Search (v2)"). */
export function operationName(op: DocumentedOperation): string {
  const v = apiVersion(op);
  const name = v && !op.summary.en.toLowerCase().includes(v) ? `${op.summary.en} (${v})` : op.summary.en;
  return op.deprecated ? `${name} [Deprecated]` : name;
}

/** The first paragraph of the vendor's description (what the node panel and an AI Agent read). */
export const firstParagraph = (op: DocumentedOperation) =>
  (op.description.en || op.summary.en).split('\n')[0]!.trim();

export const sentence = (text: string) => text.trim().replace(/\.$/, '');

/** Operations a new node offers: not deprecated, not hidden from the vendor's docs. */
export function offered(ops: readonly DocumentedOperation[], platform: string): DocumentedOperation[] {
  return ops
    .filter((op) => op.namespace === platform && !op.deprecated && !op.hidden)
    .sort((a, b) => operationName(a).localeCompare(operationName(b), 'en'));
}

/**
 * Operations the vendor has deprecated or hidden: not offered, but saved workflows still run them, and
 * n8n drops every saved parameter no field shows, so their fields stay in the description.
 */
export function retired(ops: readonly DocumentedOperation[], platform: string): DocumentedOperation[] {
  return ops
    .filter((op) => op.namespace === platform && (op.deprecated || op.hidden))
    .sort((a, b) => operationName(a).localeCompare(operationName(b), 'en'));
}

/** A retired operation's option: the editor shows it only while it is the saved value (never in a new node's list). */
export function retiredOption(op: DocumentedOperation): INodePropertyOptions {
  const name = operationName(op);
  return {
    name: op.deprecated ? name : `${name} [Unlisted]`,
    value: op.method,
    displayOptions: { show: { operation: [op.method] } },
  };
}

/**
 * The operation a new node opens on: a curated search (Xiaohongshu's User Search, the README's quick start),
 * else the first search, else the first listed.
 */
export function defaultOperation(ops: DocumentedOperation[]): DocumentedOperation {
  const search = (op: DocumentedOperation) => /^search/i.test(op.method);
  return ops.find((op) => op.aliases?.length && search(op)) ?? ops.find(search) ?? ops[0]!;
}

/**
 * The vendor's highlights as notices at the top of the operation, and for each 'danger' one a switch
 * named for it: off (the default), the node refuses the call and sends nothing.
 */
function highlightFields(op: DocumentedOperation, show: Record<string, string[]>): INodeProperties[] {
  return highlightsOf(op.id).flatMap((h, i): INodeProperties[] => {
    const notice: INodeProperties = {
      displayName: `${h.type === 'danger' ? 'Danger' : title(h.type)}: ${h.content}`,
      name: `${op.method}Notice${i + 1}`,
      type: 'notice',
      default: '',
      displayOptions: { show },
    };
    const acknowledge = h.acknowledge;
    if (!acknowledge) return [notice];
    return [
      notice,
      {
        displayName: `Acknowledge: ${sentence(h.content)}`,
        name: acknowledgeField({ acknowledge }),
        type: 'boolean',
        default: false,
        description: `Whether to call it anyway. The vendor warns: "${h.content}" Off: the node refuses the call and sends nothing.`,
        displayOptions: { show },
      },
    ];
  });
}

/** Which fields an operation shows at the top: required ones and those with a default; the rest go in Additional Fields. */
const isTopLevel = (p: DocumentedParam) => p.required || p.default !== undefined || Boolean(p.enum);

function paramField(p: DocumentedParam, show?: Record<string, string[]>): INodeProperties {
  const base = {
    displayName: p.displayName,
    name: p.name,
    ...(p.required ? { required: true } : {}),
    description: sentence(p.description.en),
    ...(show ? { displayOptions: { show } } : {}),
  };
  if (p.enum) {
    const options: INodePropertyOptions[] = p.enum.map((e) => ({ name: bilingual(e.label), value: e.value }));
    // An optional list without a default: the first choice sends nothing, so the API's own default applies.
    if (!p.required && p.default === undefined) options.unshift({ name: 'Not Set (API Default)', value: '' });
    return { ...base, type: 'options', options, default: p.default ?? options[0]!.value };
  }
  if (p.type === 'integer' || p.type === 'number') {
    return {
      ...base,
      type: 'number',
      typeOptions: {
        ...(p.minimum !== undefined ? { minValue: p.minimum } : {}),
        ...(p.maximum !== undefined ? { maxValue: p.maximum } : {}),
        ...(p.type === 'integer' ? { numberPrecision: 0 } : {}),
      },
      default: (p.default as number | undefined) ?? p.minimum ?? 0,
    };
  }
  if (p.type === 'boolean') return { ...base, type: 'boolean', default: (p.default as boolean) ?? false };
  return { ...base, type: 'string', default: p.default === undefined ? '' : String(p.default) };
}

/** One operation's fields: its top-level parameters, then an Additional Fields collection for the optional rest. */
export function operationFields(
  op: DocumentedOperation,
  extraShow: Record<string, string[]> = {},
): INodeProperties[] {
  const show = { ...extraShow, operation: [op.method] };
  const paging = new Set(pagingParams(op));
  const params = op.params.filter((p) => !paging.has(p.name));
  const top = [...highlightFields(op, show), ...params.filter(isTopLevel).map((p) => paramField(p, show))];
  const rest = params.filter((p) => !isTopLevel(p));
  if (rest.length === 0) return top;
  return [
    ...top,
    {
      displayName: 'Additional Fields',
      name: 'additionalFields',
      type: 'collection',
      placeholder: 'Add Field',
      default: {},
      displayOptions: { show },
      options: rest.map((p) => paramField(p)),
    },
  ];
}

function pagingFields(paged: string[]): INodeProperties[] {
  const show = { operation: paged };
  const limit: INodeProperties = {
    displayName: 'Limit',
    name: 'limit',
    type: 'number',
    typeOptions: { minValue: 1 },
    default: 50,
    description: 'Max number of results to return',
    displayOptions: { show: { ...show, returnAll: [false] }, hide: { '@tool': [true] } },
  };
  // The AI tool variant (n8n evaluates "@tool") starts lower: every item goes into the model's context.
  const toolLimit: INodeProperties = {
    ...limit,
    displayOptions: { show: { ...show, returnAll: [false], '@tool': [true] } },
  };
  toolLimit.default = DEFAULT_TOOL_LIMIT;
  return [
    {
      displayName: 'Return All',
      name: 'returnAll',
      type: 'boolean',
      default: false,
      description: 'Whether to return all results or only up to a given limit',
      displayOptions: { show },
    },
    limit,
    toolLimit,
    {
      displayName: 'Max Pages',
      name: 'maxPages',
      type: 'number',
      typeOptions: { minValue: 1 },
      default: DEFAULT_MAX_PAGES,
      description:
        'Most pages to request for each input item; each page is one paid call. When results remain, the run says so (a warning and paging.truncated on the items).',
      displayOptions: { show },
    },
  ];
}

function options(paged: string[]): INodeProperties {
  return {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add Option',
    default: {},
    options: [
      {
        displayName: 'Add Usage to Items',
        name: 'usageInItems',
        type: 'boolean',
        default: false,
        description:
          "Whether to add each input item's usage (requests, retries, pages, items, and a one-line summary) to its output items' JSON as justoneapiUsage, where the output pane shows it. Each item carries it beside its JSON either way (usage).",
      },
      {
        displayName: 'Batching',
        name: 'batching',
        placeholder: 'Add Batching',
        type: 'fixedCollection',
        typeOptions: { multipleValues: false },
        default: { batch: {} },
        options: [
          {
            displayName: 'Batching',
            name: 'batch',
            values: [
              {
                displayName: 'Items per Batch',
                name: 'batchSize',
                type: 'number',
                typeOptions: { minValue: 1 },
                default: DEFAULT_BATCH_SIZE,
                description:
                  'How many input items run at the same time. The next batch starts when this one is done.',
              },
              {
                // n8n writes the unit in lower case, as its HTTP Request node does ('Batch Interval (ms)').
                // eslint-disable-next-line n8n-nodes-base/node-param-display-name-miscased
                displayName: 'Batch Interval (ms)',
                name: 'batchInterval',
                type: 'number',
                typeOptions: { minValue: 0 },
                default: 0,
                description: 'Time (in milliseconds) to wait between batches. 0 for no wait.',
              },
            ],
          },
        ],
      },
      {
        displayName: 'Max Requests',
        name: 'maxRequests',
        type: 'number',
        typeOptions: { minValue: 0 },
        default: 0,
        description:
          'Most paid requests one run of this node sends, for all input items together, retries included (read from the first item). When reached, the node stops before the next request and outputs the items already fetched, with a warning saying where each item stopped. 0 for no limit.',
      },
      {
        displayName: 'Max Requests per Second',
        name: 'maxRequestsPerSecond',
        type: 'number',
        typeOptions: { minValue: 0, numberPrecision: 2 },
        default: 0,
        description:
          "Paces this node's requests (pages and retries included) to at most this many per second, shared by every execution in this n8n process that uses the same credential. 0 for no pacing. Per process: in queue mode each worker paces on its own, so set your plan's rate divided by the number of workers.",
      },
      {
        displayName: 'Max Retries',
        name: 'maxRetries',
        type: 'number',
        typeOptions: { minValue: 0, maxValue: 5 },
        default: DEFAULT_MAX_RETRIES,
        description:
          "Retries of one request after a temporary failure (codes 301, 302, 500, 503, timeouts, network errors); never after a bad token, quota, balance or parameters. Off (0) while the node's Retry On Fail setting is on.",
      },
      ...(paged.length
        ? [
            {
              // n8n writes the unit in lower case, as its HTTP Request node does ('Batch Interval (ms)').
              // eslint-disable-next-line n8n-nodes-base/node-param-display-name-miscased
              displayName: 'Page Interval (ms)',
              name: 'pageInterval',
              type: 'number',
              typeOptions: { minValue: 0 },
              default: 0,
              description:
                'Time (in milliseconds) to wait between two pages of one input item. 0 for no wait.',
              displayOptions: { show: { '/operation': paged } },
            } satisfies INodeProperties,
            {
              displayName: 'Start From',
              name: 'startFrom',
              type: 'json',
              default: '',
              placeholder: '{ "page": 3 }',
              description:
                "The paging parameters of the first page to request, as a run stopped by Max Requests or a failure gives them in its items' paging.resume (and its warning): the next run continues there, fetching no page twice. Blank: the first page.",
              displayOptions: { show: { '/operation': paged } },
            } satisfies INodeProperties,
          ]
        : []),
      {
        // n8n writes the unit in lower case, as its HTTP Request node does ('Batch Interval (ms)').
        // eslint-disable-next-line n8n-nodes-base/node-param-display-name-miscased
        displayName: 'Timeout (ms)',
        name: 'timeoutMs',
        type: 'number',
        typeOptions: { minValue: 1000 },
        default: DEFAULT_TIMEOUT_MS,
        description: 'Per-request timeout; the API can be slow, at least 60000 is recommended',
      },
    ],
  };
}

/** The parameters of a platform node's current version, generated from the catalog. */
export function platformProperties(
  platform: PlatformDocs,
  all: readonly DocumentedOperation[],
): INodeProperties[] {
  const ops = offered(all, platform.id);
  if (ops.length === 0) throw new Error(`Platform ${platform.id} has no operation to offer.`);
  const kept = retired(all, platform.id);
  const paged = [...ops, ...kept].filter((op) => op.pagination).map((op) => op.method);
  const operation: INodeProperties = {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    options: ops.map((op) => ({
      name: operationName(op),
      value: op.method,
      action: operationName(op),
      description: sentence(firstParagraph(op)),
    })),
    default: '',
  };
  operation.options!.push(...kept.map(retiredOption));
  operation.default = defaultOperation(ops).method;
  return [
    operation,
    ...[...ops, ...kept].flatMap((op) => operationFields(op)),
    ...(paged.length ? pagingFields(paged) : []),
    {
      displayName: 'Simplify',
      name: 'simplify',
      type: 'boolean',
      default: true,
      description: 'Whether to return a simplified version of the response instead of the raw data',
    },
    FIELDS_PROPERTY,
    options(paged),
  ];
}
