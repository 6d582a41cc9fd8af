export { startSandbox, DEFAULT_TOKEN, type Sandbox, type SandboxOptions } from './server.js';
export { SandboxStats, type RequestRecord } from './stats.js';
export { RateLimiter, type RateLimitCounts, type RateLimitOptions } from './rate-limit.js';
export { parseMagicToken, type Scenario } from './scenarios.js';
export {
  userSearchPage,
  noteFeedPage,
  genericPage,
  GENERIC_PAGES,
  GENERIC_PER_PAGE,
  USERS_PER_PAGE,
  NOTES_PER_PAGE,
  FEED_REPEATS,
  type DataOptions,
} from './data.js';
export { defaultOperations, type SandboxOperation } from './catalog.js';
export { FIXTURE_PATHS } from './fixtures/index.js';
