import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';
import { BASE_URLS } from '@justoneapi/sdk/core';

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

  // One real request (it costs one call): code 100 means the token is wrong.
  test: ICredentialTestRequest = {
    request: {
      baseURL: `={{$credentials.environment === "custom" ? $credentials.baseUrl.replace(/\\/+$/, "") : ($credentials.environment === "cn" ? "${BASE_URLS.cn}" : "${BASE_URLS.global}")}}`,
      url: '/api/xiaohongshu/search-user/v2',
      qs: { keyword: 'test', page: 1 },
    },
    rules: [
      { type: 'responseSuccessBody', properties: { key: 'code', value: 100, message: 'Invalid or inactive token' } },
      { type: 'responseSuccessBody', properties: { key: 'code', value: 600, message: 'Permission denied for this token' } },
      { type: 'responseSuccessBody', properties: { key: 'code', value: 601, message: 'Insufficient balance: top up your Just One API account' } },
    ],
  };
}
