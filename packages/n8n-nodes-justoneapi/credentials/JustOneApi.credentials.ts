import type {
  IAuthenticateRuleResponseSuccessBody,
  ICredentialDataDecryptedObject,
  ICredentialTestRequest,
  ICredentialType,
  IHttpRequestOptions,
  INodeProperties,
  Icon,
} from 'n8n-workflow';
import { BASE_URLS, BUSINESS_CODES } from '@justoneapi/sdk/runtime';

/** "Just One API" as n8n shows it (see displayName below). */
const DISPLAY_NAME = 'Just One\u00a0API';

/** Failure codes in the vendor's spec that have no meaning documented (BUSINESS_CODES lists the others). */
const UNDOCUMENTED_CODES = [101, 202, 300, 404, 602];
const NOT_THE_API =
  "The answer is not Just One API's JSON (no business code): an HTML error page from a gateway or proxy, or a cut-off answer. Check the Environment / Base URL and try again later.";

/** A Test rule: the Test fails with `message` when the answer's `key` is `value` (n8n compares with ===). */
function fails(key: string, value: unknown, message: string): IAuthenticateRuleResponseSuccessBody {
  return { type: 'responseSuccessBody', properties: { key, value, message } };
}

/** A request with an x-www-form-urlencoded body: the vendor reads the token from that body. */
function isFormRequest(request: IHttpRequestOptions): boolean {
  const headers = (request.headers ?? {}) as Record<string, unknown>;
  const type = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  return String(type ?? '').startsWith('application/x-www-form-urlencoded');
}

export class JustOneApi implements ICredentialType {
  name = 'justOneApi';

  // A no-break space before "API": n8n's editor drops the word "API" (split on spaces) when it names a new
  // credential and its Connect button, which read "Just One account" and "Connect to Just One".
  displayName = DISPLAY_NAME;

  icon: Icon = {
    light: 'file:../nodes/icons/justoneapi.svg',
    dark: 'file:../nodes/icons/justoneapi.dark.svg',
  };

  documentationUrl =
    'https://github.com/justoneapi/justoneapi-js/tree/main/packages/n8n-nodes-justoneapi#credential';

  properties: INodeProperties[] = [
    {
      displayName:
        'n8n tests the token when you save this credential and again each time you open it: each test is one User Search request, one paid call.',
      name: 'testCostNotice',
      type: 'notice',
      default: '',
    },
    {
      displayName: 'Token',
      name: 'token',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      description:
        'Your Just One API access token (sent where the API reads it: the query string, or the form body of its POST form operations)',
    },
    {
      displayName: 'Environment',
      name: 'environment',
      type: 'options',
      options: [
        { name: 'Global', value: 'global', description: BASE_URLS.global },
        {
          name: 'Mainland China (Plain HTTP)',
          value: 'cn',
          description: `${BASE_URLS.cn}: not encrypted`,
        },
        {
          name: 'Custom Base URL',
          value: 'custom',
          description: 'Your own HTTPS address (e.g. a proxy to the China endpoint) or a local sandbox',
        },
      ],
      default: 'global',
    },
    {
      displayName: `The Mainland China endpoint (${BASE_URLS.cn}) is plain HTTP to a bare IP address: the token (sent in the query string) and all data travel unencrypted. Prefer Global, or choose Custom Base URL with an HTTPS address that forwards to it.`,
      name: 'plainHttpNotice',
      type: 'notice',
      default: '',
      displayOptions: { show: { environment: ['cn'] } },
    },
    {
      displayName: 'Base URL',
      name: 'baseUrl',
      type: 'string',
      default: '',
      placeholder: 'https://justoneapi-proxy.example.com',
      required: true,
      description:
        'An https:// URL that serves the Just One API paths (http:// only for a local @justoneapi/sandbox such as http://127.0.0.1:8787: plain HTTP sends the token unencrypted)',
      displayOptions: { show: { environment: ['custom'] } },
    },
  ];

  // The token goes where the vendor declares it: in the form body of its POST form operations (the node
  // sends those with an x-www-form-urlencoded body), else in the query string. A generic block cannot do
  // that: n8n applies each of its entries to every request (a `body` entry would give GETs a body).
  async authenticate(
    credentials: ICredentialDataDecryptedObject,
    request: IHttpRequestOptions,
  ): Promise<IHttpRequestOptions> {
    const token = String(credentials.token ?? '');
    if (!isFormRequest(request)) return { ...request, qs: { ...(request.qs ?? {}), token } };
    const form = new URLSearchParams(
      typeof request.body === 'string' ? request.body : (request.body as Record<string, string>),
    );
    form.set('token', token);
    return { ...request, body: form.toString() };
  }

  // One real User Search request (it costs one call). The API answers failures with HTTP 4xx/5xx and
  // a JSON envelope: n8n must not throw on the status (that would show a generic message and, on 401,
  // send the request a second time), so the rules can read the business code from the body.
  //
  // n8n checks the rules in order and fails the Test on the first one where `body[key] === value`
  // (else "Connection successful"); no rule can say "code other than 0". So: one rule per documented
  // code (meaning and what to do), one per code the vendor's spec lists without a meaning, then an
  // answer without a code (an HTML gateway page, a cut-off body: not the API's JSON). A code-0 answer
  // passes whatever its data (null data is still a working token); a code in no spec at all, which no
  // rule can name in advance, would pass too (the node then names it when it runs).
  test: ICredentialTestRequest = {
    request: {
      baseURL: `={{$credentials.environment === "custom" ? $credentials.baseUrl.trim().replace(/\\/+$/, "") : ($credentials.environment === "cn" ? "${BASE_URLS.cn}" : "${BASE_URLS.global}")}}`,
      url: '/api/xiaohongshu/search-user/v2',
      qs: { keyword: 'test', page: 1 },
      ignoreHttpStatusErrors: true,
    },
    rules: [
      ...BUSINESS_CODES.filter((c) => c.code !== 0).map((c) =>
        fails(
          'code',
          c.code,
          c.retried
            ? `Could not verify the token right now: ${c.meaning} (code ${c.code}). Try again later.`
            : `${c.meaning} (code ${c.code}). ${c.action}`,
        ),
      ),
      ...UNDOCUMENTED_CODES.map((code) =>
        fails(
          'code',
          code,
          `Could not verify the token: Just One API answered code ${code}, which it does not document. Try again later; if it persists, send Just One API support the requestId of a failing run.`,
        ),
      ),
      fails('code', undefined, NOT_THE_API),
    ],
  };
}
