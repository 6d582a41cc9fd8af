import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import {
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  documentedOperations as operations,
  type DocumentedOperation,
  type DocumentedParam,
  type OperationSpec,
} from '@justoneapi/sdk/core';

/** Hard cap on pages for Return All: every page is a paid call and the feed may never end. */
export const RETURN_ALL_MAX_PAGES = 20;

const SMALL_WORDS = new Set(['a', 'an', 'and', 'for', 'of', 'or', 'the', 'to']);
/** Title Case for option names, as n8n writes them ("movie and tv" -> "Movie and Tv"). */
const title = (s: string) =>
  s
    .split(/\s+/)
    .map((w, i) => (i > 0 && SMALL_WORDS.has(w) ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(' ');

export function pageParam(op: OperationSpec): string | undefined {
  return op.pagination?.pageParam;
}

function paramField(op: DocumentedOperation, p: DocumentedParam): INodeProperties {
  const show = { displayOptions: { show: { resource: [op.resource], operation: [op.operation] } } };
  const base = {
    displayName: p.displayName,
    name: p.name,
    required: p.required,
    description: p.description.en.replace(/\.$/, ''),
    ...show,
  };
  if (p.enum) {
    return {
      ...base,
      type: 'options',
      options: p.enum.map((e) => ({
        name: title(e.label.en),
        value: e.value,
        description: `${p.displayName} ID ${e.value}`,
      })),
      default: p.default ?? p.enum[0]!.value,
    };
  }
  if (p.type === 'integer' || p.type === 'number') {
    return {
      ...base,
      type: 'number',
      typeOptions: { minValue: p.minimum ?? 0, numberPrecision: 0 },
      default: (p.default as number) ?? 1,
    };
  }
  return {
    ...base,
    type: 'string',
    default: (p.default as string) ?? '',
    placeholder: p.name === 'keyword' ? 'e.g. coffee' : '',
  };
}

function pagingFields(op: OperationSpec): INodeProperties[] {
  const show = { resource: [op.resource], operation: [op.operation] };
  return [
    {
      displayName: 'Return All',
      name: 'returnAll',
      type: 'boolean',
      default: false,
      description: 'Whether to return all results or only up to a given limit',
      hint: `Stops at the end of results, at most ${RETURN_ALL_MAX_PAGES} pages. Each page is one paid call.`,
      displayOptions: { show },
    },
    {
      displayName: 'Limit',
      name: 'limit',
      type: 'number',
      typeOptions: { minValue: 1 },
      default: 50,
      description: 'Max number of results to return',
      hint: `At most ${RETURN_ALL_MAX_PAGES} pages are fetched. Each page is one paid call.`,
      displayOptions: { show: { ...show, returnAll: [false] } },
    },
  ];
}

/**
 * n8n's action text: shown in the node picker, and what an AI Agent reads as the tool's description
 * ("<action> in Xiaohongshu") unless the user writes one. The catalog's summaries are nouns.
 */
const ACTIONS: Record<string, string> = {
  'xiaohongshu.searchUsers': 'Search users by keyword',
  'xiaohongshu.getNoteFeed': 'Get notes from a recommendation feed',
};
/** The first paragraph of the catalog's long description. */
const longDescription = (op: DocumentedOperation) =>
  (op.description.en || op.summary.en).split('\n')[0]!.trim();

/** The node's subtitle: the catalog summary of the chosen operation ("User Search", "Notes Feed"). */
export const subtitle = `={{ ${JSON.stringify(Object.fromEntries(operations.map((op) => [`${op.resource}:${op.operation}`, op.summary.en])))}[$parameter["resource"] + ":" + $parameter["operation"]] }}`;

export const resourceOptions: INodePropertyOptions[] = [...new Set(operations.map((op) => op.resource))].map(
  (r) => ({ name: title(r), value: r }),
);
const defaultResource = resourceOptions[0]!.value as string;
const firstOperation = (ops: DocumentedOperation[]) => ops[0]!.operation;

export const properties: INodeProperties[] = [
  {
    displayName: 'Resource',
    name: 'resource',
    type: 'options',
    noDataExpression: true,
    options: resourceOptions,
    default: defaultResource,
  },
  ...resourceOptions.map((r): INodeProperties => {
    const ops = operations.filter((op) => op.resource === r.value);
    return {
      displayName: 'Operation',
      name: 'operation',
      type: 'options',
      noDataExpression: true,
      displayOptions: { show: { resource: [r.value] } },
      options: ops.map((op) => ({
        name: title(op.operation.replace(/([A-Z])/g, ' $1')),
        value: op.operation,
        action: ACTIONS[op.id] ?? op.summary.en,
        description: longDescription(op),
      })),
      default: firstOperation(ops),
    };
  }),
  ...operations.flatMap((op) => [
    ...op.params.filter((p) => p.name !== pageParam(op)).map((p) => paramField(op, p)),
    ...(op.pagination ? pagingFields(op) : []),
  ]),
  {
    displayName: 'Simplify',
    name: 'simplify',
    type: 'boolean',
    default: true,
    description: 'Whether to return a simplified version of the response instead of the raw data',
  },
  {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add Option',
    default: {},
    options: [
      {
        displayName: 'Concurrency',
        name: 'concurrency',
        type: 'number',
        typeOptions: { minValue: 1, maxValue: 10 },
        default: 3,
        description: 'How many input items are processed at the same time',
      },
      {
        displayName: 'Max Retries',
        name: 'maxRetries',
        type: 'number',
        typeOptions: { minValue: 0, maxValue: 5 },
        default: DEFAULT_MAX_RETRIES,
        description:
          'Retries for temporary failures (codes 301, 302, 500, 503, timeouts, network errors); never for a bad token, quota, balance or parameters',
      },
      {
        displayName: 'Single Page Only',
        name: 'singlePage',
        type: 'boolean',
        default: false,
        description:
          'Whether to fetch exactly one page (the start page) instead of paging with Return All / Limit',
      },
      {
        displayName: 'Start Page',
        name: 'page',
        type: 'number',
        typeOptions: { minValue: 1 },
        default: 1,
        description: 'The first page to request',
      },
      {
        displayName: 'Timeout (Ms)',
        name: 'timeoutMs',
        type: 'number',
        typeOptions: { minValue: 1000 },
        default: DEFAULT_TIMEOUT_MS,
        description: 'Per-request timeout; the API can be slow, at least 60000 is recommended',
      },
    ],
  },
];
