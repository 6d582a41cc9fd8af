// Synthetic vendor changes, one of each kind, applied to a copy of the vendor's document; each with the
// classification the compatibility diff must give it. Shared by the diff and sync tests.
import { readFileSync } from 'node:fs';

type Doc = { paths: Record<string, Record<string, any>>; [k: string]: unknown };
export const root = new URL('..', import.meta.url).pathname;
export const vendorDoc = (): Doc => JSON.parse(readFileSync(`${root}specs/vendor/public-api.json`, 'utf8'));

const tokenParam = { name: 'token', in: 'query', required: true, schema: { type: 'string' } };
const ok = {
  '200': {
    description: 'OK',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Result' } } },
  },
};
const get = (doc: Doc, path: string) => doc.paths[path]!.get!;
const param = (doc: Doc, path: string, name: string) =>
  get(doc, path).parameters.find((p: { name: string }) => p.name === name);

export const NEW_OP = '/api/weibo/get-fans/v9';
/** What specs/overlays must say about the new paged operation (an edit inside specs/). */
export const NEW_OP_OVERLAY = {
  overlay: '1.0.0',
  info: { title: 'vendor sync test: paging of the new operation', version: '1' },
  actions: [
    {
      target: `$.paths['${NEW_OP}'].get`,
      update: {
        'x-justoneapi': {
          pagination: {
            style: 'page',
            state: [{ param: 'page', kind: 'page' }],
            vendor: ['page: Page number, starting at 1.'],
            assumed: [],
          },
        },
      },
    },
  ],
};

/** The additive-behavioural change: a new optional parameter the vendor gives a default. */
export const DEFAULTED = {
  path: '/api/youtube/get-video-detail/v1',
  method: 'getVideoDetailV1',
  param: {
    name: 'lang',
    in: 'query',
    schema: { type: 'string', default: 'en' },
    description: 'Language of the texts.',
  },
};

/** The other additive-behavioural change: a value added to a list and made its default. */
export const NEW_DEFAULT = {
  path: '/api/douyin-xingtu/get-kol-fans-distribution/v1',
  method: 'getKolFansDistributionV1',
  name: 'fansType',
  value: '_9',
};

export interface VendorChange {
  name: string;
  level: 'additive' | 'additive-behavioural' | 'deprecating' | 'breaking';
  kind: string;
  endpoint: string;
  apply: (doc: Doc) => void;
}

export const CHANGES: VendorChange[] = [
  {
    name: 'add an operation with an enum and paging',
    level: 'additive',
    kind: 'operation-added',
    endpoint: `GET ${NEW_OP}`,
    apply: (doc) => {
      doc.paths[NEW_OP] = {
        get: {
          operationId: 'getApiWeiboGetFansV9',
          summary: 'User Fans',
          description: 'Lists the fans of a Weibo user, one page at a time.',
          tags: [get(doc, '/api/weibo/search-all/v2').tags[0]],
          parameters: [
            tokenParam,
            { name: 'uid', in: 'query', required: true, schema: { type: 'string' }, description: 'User id.' },
            {
              name: 'sort',
              in: 'query',
              schema: { type: 'string', enum: ['HOT', 'NEW'], default: 'HOT' },
              description: 'Order.\n\nAvailable Values:\n- `HOT`: Most followed first\n- `NEW`: Newest first',
            },
            {
              name: 'page',
              in: 'query',
              schema: { type: 'integer', default: 1 },
              description: 'Page number, starting at 1.',
            },
          ],
          responses: ok,
        },
      };
    },
  },
  {
    name: 'add an enum value',
    level: 'additive',
    kind: 'enum-added',
    endpoint: 'GET /api/amazon/get-product-detail/v1',
    apply: (doc) => param(doc, '/api/amazon/get-product-detail/v1', 'country').schema.enum.push('NZ'),
  },
  {
    name: 'add an optional parameter',
    level: 'additive',
    kind: 'param-added',
    endpoint: 'GET /api/douban/get-subject-detail/v1',
    apply: (doc) =>
      get(doc, '/api/douban/get-subject-detail/v1').parameters.push({
        name: 'lang',
        in: 'query',
        schema: { type: 'string' },
        description: 'Language of the texts.',
      }),
  },
  {
    name: 'add an optional parameter with a default (sent by calls that leave it out)',
    level: 'additive-behavioural',
    kind: 'param-added-default',
    endpoint: `GET ${DEFAULTED.path}`,
    apply: (doc) => get(doc, DEFAULTED.path).parameters.push(DEFAULTED.param),
  },
  {
    name: 'a new enum value becomes the default',
    level: 'additive-behavioural',
    kind: 'default-new-value',
    endpoint: `GET ${NEW_DEFAULT.path}`,
    apply: (doc) => {
      const p = param(doc, NEW_DEFAULT.path, NEW_DEFAULT.name);
      p.schema.enum.push(NEW_DEFAULT.value);
      p.schema.default = NEW_DEFAULT.value;
    },
  },
  {
    name: 'deprecate an operation',
    level: 'deprecating',
    kind: 'deprecated',
    endpoint: 'GET /api/bilibili/get-user-detail/v2',
    apply: (doc) => {
      get(doc, '/api/bilibili/get-user-detail/v2').deprecated = true;
    },
  },
  {
    name: 'hide an operation',
    level: 'deprecating',
    kind: 'hidden',
    endpoint: 'GET /api/imdb/title-plot-query/v1',
    apply: (doc) => {
      get(doc, '/api/imdb/title-plot-query/v1')['x-docs-hidden'] = true;
    },
  },
  {
    name: 'remove an operation',
    level: 'breaking',
    kind: 'operation-removed',
    endpoint: 'GET /api/imdb/title-chart-rankings/v1',
    apply: (doc) => {
      delete doc.paths['/api/imdb/title-chart-rankings/v1'];
    },
  },
  {
    name: 'rename a parameter',
    level: 'breaking',
    kind: 'param-renamed',
    endpoint: 'GET /api/bilibili/get-user-relation-stat/v1',
    apply: (doc) => {
      const p = get(doc, '/api/bilibili/get-user-relation-stat/v1').parameters.find(
        (x: { name: string }) => x.name !== 'token',
      );
      p.name = `${p.name}New`;
    },
  },
  {
    name: 'change a type',
    level: 'breaking',
    kind: 'param-type',
    endpoint: 'GET /api/amazon/get-product-top-reviews/v1',
    apply: (doc) => {
      param(doc, '/api/amazon/get-product-top-reviews/v1', 'asin').schema.type = 'integer';
    },
  },
];

/** The vendor document with the given changes applied. */
export function changedDoc(changes: VendorChange[]): Doc {
  const doc = vendorDoc();
  for (const c of changes) c.apply(doc);
  return doc;
}
