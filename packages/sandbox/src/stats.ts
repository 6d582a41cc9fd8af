export interface RequestRecord {
  method: string;
  path: string;
  operationId: string;
  token: string;
  query: Record<string, string>;
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
