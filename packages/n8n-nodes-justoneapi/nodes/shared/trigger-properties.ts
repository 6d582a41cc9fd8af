// The parameters of the Just One API Trigger, generated from the catalog (tools/generate.mjs writes them
// to nodes/generated/justOneApiTrigger.v1.json): a Platform picker, one Operation list per platform, the
// operation's fields, the Item ID Field, Max Pages per poll, Stop When a Page Has Nothing New (v2 on), Max
// Requests per poll, Simplify and Options. Every
// paged operation that is neither deprecated nor hidden is offered: most have no item id the vendor
// documents, so the user names the field that identifies an item (Item ID Field, the core's withItemId).
import type { INodeProperties } from 'n8n-workflow';
import { FIELDS_PROPERTY } from './fields';
import {
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  type DocumentedOperation,
  type PlatformDocs,
} from '@justoneapi/sdk/core';
import {
  defaultOperation,
  firstParagraph,
  offered,
  operationFields,
  operationName,
  retired,
  retiredOption,
  sentence,
} from './properties';
import { requestsPerDay } from './trigger-cost';

/** Pages one poll requests at most (each one paid call); small, as a schedule runs it again and again. */
export const DEFAULT_TRIGGER_MAX_PAGES = 3;
/** Requests one poll may send at most, retries included. */
export const DEFAULT_TRIGGER_MAX_REQUESTS = 10;
/** Ids remembered per parameter set: enough for many polls of a feed, bounded so static data stays small. */
export const TRIGGER_MAX_SEEN_IDS = 5000;
/** Items a manual test run ("Fetch Test Event") returns. */
export const TRIGGER_SAMPLE_ITEMS = 5;

/** Operations the trigger offers on a platform: every paged one a new node offers. */
export function triggerOperations(ops: readonly DocumentedOperation[], platform: string) {
  return offered(ops, platform).filter((op) => op.pagination !== undefined);
}

const ITEM_ID_DESCRIPTION =
  'The field that identifies an item, as a dot path inside each item (for example id or note.id): the trigger tells new items from old ones by it.';
/** Retired (deprecated or hidden) paged operations of a platform: kept for saved triggers, never offered. */
const retiredPaged = (ops: readonly DocumentedOperation[], platform: string) =>
  retired(ops, platform).filter((op) => op.pagination !== undefined);

/**
 * The Item ID Field of one platform's operations: one parameter per default value, shown for the
 * operations that share it (the vendor's documented item id; empty and required where there is none).
 */
function itemIdFields(platform: string, ops: readonly DocumentedOperation[]): INodeProperties[] {
  const byDefault = new Map<string, string[]>();
  for (const op of ops) {
    const d = op.pagination?.id ?? '';
    byDefault.set(d, [...(byDefault.get(d) ?? []), op.method]);
  }
  return [...byDefault].map(([documented, methods]) => {
    const field: INodeProperties = {
      displayName: 'Item ID Field',
      name: 'itemIdField',
      type: 'string',
      // Not 'id': n8n's lint (node-param-placeholder-miscased-id) wants 'ID', which is no field name.
      placeholder: 'e.g. item_id',
      displayOptions: { show: { platform: [platform], operation: methods } },
      default: '',
      description: documented
        ? `${ITEM_ID_DESCRIPTION} Defaults to the field the API documents for this operation.`
        : `${ITEM_ID_DESCRIPTION} Needed to activate: the API documents none for this operation. Run Fetch Test Event without it to see sample items and the fields that could identify one. A field no item has fails the poll instead of emitting everything.`,
    };
    // Never `required` in the editor: n8n would keep Fetch Test Event disabled until it is filled, and
    // the test run is how one finds the field. Activation checks it (with zero requests).
    if (documented) field.default = documented;
    return field;
  });
}

/**
 * Poll Times with the hourly default (v2 on), and next to it what a schedule can cost. n8n's loader adds
 * its own Poll Times (every minute) to a polling node; the node type keeps this one instead and fills in
 * the host's own schedule options (trigger.ts), so the snapshot holds none.
 */
function schedule(): INodeProperties[] {
  const perDay = (polls: number) =>
    requestsPerDay(polls, DEFAULT_TRIGGER_MAX_PAGES, DEFAULT_TRIGGER_MAX_REQUESTS).toLocaleString('en-US');
  return [
    {
      displayName: 'Poll Times',
      name: 'pollTimes',
      type: 'fixedCollection',
      typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Poll Time' },
      default: { item: [{ mode: 'everyHour' }] },
      description: 'Time at which polling should occur',
      placeholder: 'Add Poll Time',
      options: [],
    },
    {
      displayName: `Each poll is paid: up to Max Pages per Poll pages, at most Max Requests per Poll requests with retries. With the defaults, polling every hour costs at most ${perDay(24)} requests a day; every minute, ${perDay(1440)}. With Stop When a Page Has Nothing New on (the default), a poll with nothing new costs one request: 24 a day every hour. The most for this node's settings shows under its name on the canvas.`,
      name: 'costNotice',
      type: 'notice',
      default: '',
    },
  ];
}

export function triggerProperties(
  platforms: readonly PlatformDocs[],
  all: readonly DocumentedOperation[],
): INodeProperties[] {
  const usable = platforms
    .map((p) => ({ p, ops: triggerOperations(all, p.id), kept: retiredPaged(all, p.id) }))
    .filter((x) => x.ops.length > 0)
    .sort((a, b) => a.p.name.en.localeCompare(b.p.name.en, 'en'));
  if (usable.length === 0) throw new Error('No operation has pages: nothing for the trigger.');
  const first = usable.find((x) => x.p.id === 'xiaohongshu') ?? usable[0]!;
  // "Trigger On" and `action`: n8n's node panel lists one entry per option of the property it reads as the
  // trigger's event ("On new Douyin (TikTok China) items"), which sets the platform.
  const platform: INodeProperties = {
    displayName: 'Trigger On',
    name: 'platform',
    type: 'options',
    noDataExpression: true,
    options: usable.map(({ p }) => ({
      name: p.name.zh && p.name.zh !== p.name.en ? `${p.name.en} · ${p.name.zh}` : p.name.en,
      value: p.id,
      action: `On new ${p.name.en} items`,
      description: `New items of a ${p.name.en} feed or search`,
    })),
    default: '',
  };
  // Computed defaults are set after the literal (the n8n lint rule wants a literal default there).
  platform.default = first.p.id;
  const operations = usable.map(({ p, ops, kept }) => {
    const operation: INodeProperties = {
      displayName: 'Operation',
      name: 'operation',
      type: 'options',
      noDataExpression: true,
      displayOptions: { show: { platform: [p.id] } },
      options: ops.map((op) => ({
        name: operationName(op),
        value: op.method,
        description: sentence(firstParagraph(op)),
      })),
      default: '',
    };
    operation.options!.push(...kept.map(retiredOption));
    operation.default = defaultOperation(ops).method;
    return operation;
  });
  // A node with a `resource` property gets no panel entries from its first Operation list (which would
  // be one platform's operations only); this one has no value and is never shown.
  const resource: INodeProperties = {
    displayName: 'Resource',
    name: 'resource',
    type: 'hidden',
    default: '',
  };
  return [
    ...schedule(),
    platform,
    resource,
    ...operations,
    ...usable.flatMap(({ p, ops, kept }) =>
      [...ops, ...kept].flatMap((op) => operationFields(op, { platform: [p.id] })),
    ),
    ...usable.flatMap(({ p, ops, kept }) => itemIdFields(p.id, [...ops, ...kept])),
    {
      displayName: 'Max Pages per Poll',
      name: 'maxPages',
      type: 'number',
      typeOptions: { minValue: 1 },
      default: DEFAULT_TRIGGER_MAX_PAGES,
      description:
        'Most pages each poll requests; each page is one paid call. New items beyond these pages are not seen.',
    },
    {
      displayName: 'Stop When a Page Has Nothing New',
      name: 'stopAtSeen',
      type: 'boolean',
      default: true,
      description:
        'Whether a poll stops at the first page whose every item an earlier poll emitted (or recorded). In a newest-first list (feeds, comments, searches sorted by time) only older pages follow it, and each costs a request: on, a poll with nothing new costs one request. Off: every poll reads up to Max Pages per Poll pages, for lists where new items can appear below old ones.',
    },
    {
      displayName: 'Max Requests per Poll',
      name: 'maxRequests',
      type: 'number',
      typeOptions: { minValue: 1 },
      default: DEFAULT_TRIGGER_MAX_REQUESTS,
      description:
        'Most requests each poll sends, retries included. A poll that reaches it stops before the next request and emits the new items it has.',
    },
    {
      displayName: 'Simplify',
      name: 'simplify',
      type: 'boolean',
      default: true,
      description: 'Whether to return a simplified version of the response instead of the raw data',
    },
    FIELDS_PROPERTY,
    {
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
            "Whether to add the poll's usage (requests, pages, items, already seen, and a one-line summary) to each emitted item's JSON as justoneapiUsage, where the output pane shows it",
        },
        {
          displayName: 'Emit Existing Items on First Run',
          name: 'emitExisting',
          type: 'boolean',
          default: false,
          description:
            'Whether the first poll after activation emits the items it finds. Off: it only remembers them, and later polls emit what is new.',
        },
        {
          displayName: 'Max Retries',
          name: 'maxRetries',
          type: 'number',
          typeOptions: { minValue: 0, maxValue: 5 },
          default: DEFAULT_MAX_RETRIES,
          description:
            'Retries of one request after a temporary failure (codes 301, 302, 500, 503, timeouts, network errors); never after a bad token, quota, balance or parameters',
        },
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
    },
  ];
}
