export interface RequestRecord {
  method: string;
  path: string;
  operationId: string;
  token: string;
  /** Every parameter received, from the URL and the form body together (token excluded). */
  query: Record<string, string>;
  /** The URL's query string exactly as received (token included when it was sent there). */
  urlQuery: Record<string, string>;
  /** The form body's fields as received (token included when it was sent there). */
  form: Record<string, string>;
  /** The request's Content-Type header, '' when none. */
  contentType: string;
  /** The raw request body, '' when none. */
  body: string;
  /** The business code answered, or null for hang / reset / HTML / truncated answers. */
  code: number | null;
  httpStatus: number;
  at: number;
  /** True when the client went away (aborted, timed out) before the answer was sent. */
  clientAborted: boolean;
}

/** Every request that reached an API route, so tests can assert how many paid calls were made. */
export class SandboxStats {
  readonly requests: RequestRecord[] = [];

  total(): number {
    return this.requests.length;
  }

  count(filter: { path?: string; token?: string; operationId?: string } = {}): number {
    return this.requests.filter(
      (r) =>
        (filter.path === undefined || r.path === filter.path) &&
        (filter.token === undefined || r.token === filter.token) &&
        (filter.operationId === undefined || r.operationId === filter.operationId),
    ).length;
  }

  reset(): void {
    this.requests.length = 0;
  }
}
