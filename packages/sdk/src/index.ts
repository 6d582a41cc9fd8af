import { type ClientOptions, createBaseClient, type JustOneApiClient } from './client.js';
import { operations } from './core/catalog.js';

export * from './public.js';
export type { JustOneApiClient };
export { findOperation, operations } from './core/catalog.js';

/**
 * A client for every Just One API operation: `client.douyin.searchVideoV4({ keyword })`,
 * `client.xiaohongshu.searchUsers.records({ keyword })`, `client.call('weibo.searchV1', …)`, `client.http`.
 * For one platform only (a smaller bundle), import `createClient` from `@justoneapi/sdk/<platform>`.
 */
export function createClient(options: ClientOptions = {}): JustOneApiClient {
  return createBaseClient({ ...options, operations: options.operations ?? operations });
}
