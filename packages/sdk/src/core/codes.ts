/** What each documented code means and what the SDK does with it: for docs and UIs. */
export const BUSINESS_CODES: ReadonlyArray<{
  code: number;
  meaning: string;
  retried: boolean;
  action: string;
}> = [
  { code: 0, meaning: 'Success', retried: false, action: 'Data is returned.' },
  { code: 100, meaning: 'Invalid or inactive token', retried: false, action: 'Fix or renew the token.' },
  {
    code: 301,
    meaning: 'Collection failed',
    retried: true,
    action: 'Retried with backoff; try again later if it persists.',
  },
  {
    code: 302,
    meaning: 'Rate limit exceeded',
    retried: true,
    action: 'Retried after a longer wait; lower concurrency.',
  },
  {
    code: 303,
    meaning: 'Daily quota exceeded',
    retried: false,
    action: 'Wait for the daily reset or raise the quota.',
  },
  { code: 400, meaning: 'Invalid parameters', retried: false, action: 'Fix the parameters.' },
  { code: 500, meaning: 'Internal server error', retried: true, action: 'Retried with backoff.' },
  { code: 503, meaning: 'Service unavailable', retried: true, action: 'Retried with backoff.' },
  { code: 600, meaning: 'Permission denied', retried: false, action: 'Enable this API for your account.' },
  { code: 601, meaning: 'Insufficient balance', retried: false, action: 'Top up the account balance.' },
];
