import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';
import { BASE_URLS, BUSINESS_CODES } from '@justoneapi/sdk/core';

export class JustOneApi implements ICredentialType {
  name = 'justOneApi';

  displayName = 'Just One API';

  icon: Icon = { light: 'file:../nodes/Xiaohongshu/xiaohongshu.svg', dark: 'file:../nodes/Xiaohongshu/xiaohongshu.dark.svg' };

  documentationUrl = 'https://github.com/justoneapi/justoneapi-js/tree/main/packages/n8n-nodes-justoneapi#credential';

  properties: INodeProperties[] = [
    {
      displayName: 'Token',
      name: 'token',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      description: 'Your Just One API access token (sent as the token query parameter)',
    },
    {
      displayName: 'Environment',
      name: 'environment',
      type: 'options',
      options: [
        { name: 'Global', value: 'global', description: BASE_URLS.global },
        { name: 'Mainland China', value: 'cn', description: BASE_URLS.cn },
        { name: 'Custom Base URL', value: 'custom', description: 'For example a local sandbox' },
      ],
      default: 'global',
    },
    {
      displayName: 'Base URL',
      name: 'baseUrl',
      type: 'string',
      default: '',
      placeholder: 'http://127.0.0.1:8787',
      required: true,
      description: 'An http(s) URL that serves the Just One API paths, for example a local @justoneapi/sandbox',
      displayOptions: { show: { environment: ['custom'] } },
    },
  ];

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: { qs: { token: '={{$credentials.token}}' } },
  };

  // One real User Search request (it costs one call). The API answers failures with HTTP 4xx/5xx and
  // a JSON envelope: n8n must not throw on the status (that would show a generic message and, on 401,
  // send the request a second time), so the rules can read the business code from the body.
  test: ICredentialTestRequest = {
    request: {
      baseURL: `={{$credentials.environment === "custom" ? $credentials.baseUrl.trim().replace(/\\/+$/, "") : ($credentials.environment === "cn" ? "${BASE_URLS.cn}" : "${BASE_URLS.global}")}}`,
      url: '/api/xiaohongshu/search-user/v2',
      qs: { keyword: 'test', page: 1 },
      ignoreHttpStatusErrors: true,
    },
    rules: BUSINESS_CODES.filter((c) => c.code !== 0).map((c) => ({
      type: 'responseSuccessBody' as const,
      properties: {
        key: 'code',
        value: c.code,
        message: c.retried
          ? `Could not verify the token right now: ${c.meaning} (code ${c.code}). Try again later.`
          : `${c.meaning} (code ${c.code}). ${c.action}`,
      },
    })),
  };
}
