// The run engine's conformance scenarios for host adapters (`@justoneapi/sandbox/conformance`).
//
// Every host (the CLI, n8n, Node-RED, Sheets, MCP) drives the core's one run engine. Its own test runs
// each scenario below through the host (a real workflow, flow, formula or refresh job) against this
// sandbox over HTTP, and `conform()` checks that the host put the same requests on the wire (method,
// path, query, form body, token placement), delivered the same items, counted the same usage and kept
// the same resume point as the engine's reference run. A host reports only what it shows its users;
// the fields it leaves out are not compared.
import {
  ConnectionError,
  createRun,
  type HttpAnswer,
  JustOneApiError,
  type OperationSpec,
  operations,
  type ParamSpec,
  type ParamValue,
  type PreparedRequest,
  runAsync,
  type Usage,
} from '@justoneapi/sdk/core';
import type { Scenario } from './scenarios.js';
import type { Sandbox } from './server.js';
import type { RequestRecord } from './stats.js';

/** One run of a scenario: what the host is asked to do, and the fault the sandbox plays meanwhile. */
export interface ConformanceRun {
  /** Params of this run: the scenario's, or (`from: 'resume'`) the resume point of the run before. */
  params: Record<string, ParamValue>;
  /** The previous run ended with a resume point and this one continues from it (a host may resume by itself). */
  resumed: boolean;
  maxPages: number;
  /** Retries after a failed attempt (0 for the interruption scenarios). */
  retries: number;
  maxRequests?: number;
  /** "Only new": the host keeps its seen-set between the runs of the scenario. */
  onlyNew: boolean;
  /** The fault the sandbox plays for the token during this run (set by `conform`). */
  fault?: Scenario;
}

export interface ConformanceScenario {
  name: string;
  op: OperationSpec;
  /** The paging style ("page", "cursor", "page+cursor", "none"): what the scenario is about. */
  style: string;
  runs: ConformanceRun[];
}

/** What a host's run did, in the terms every surface must agree on. Leave out what the host does not show. */
export interface HostOutcome {
  items: unknown[];
  usage?: Partial<Pick<Usage, 'requests' | 'ok' | 'retries' | 'pages' | 'items' | 'alreadySeen' | 'refused'>>;
  /** Where the next run continues (undefined: the run reached the end). */
  resume?: Record<string, ParamValue>;
  /** The stop reason, or the error code that ended the run ("303", "BUDGET", "CONNECTION"). */
  end?: string;
}

/** A request as it reached the sandbox, the token's placement made explicit and the token itself left out. */
export interface SentRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  form: Record<string, string>;
  token: 'form' | 'url' | 'none';
  code: number | null;
}

/** The sandbox as the test holds it: in this thread (`startSandbox`) or in a worker (async). */
export interface SandboxControl {
  url: string;
  setScenario(token: string, scenario: Scenario | undefined): void | Promise<void>;
  reset(): void | Promise<void>;
  requests(): readonly RequestRecord[] | Promise<readonly RequestRecord[]>;
}

/** The control of a sandbox started in this thread (`startSandbox`). */
export function sandboxControl(sandbox: Sandbox): SandboxControl {
  return {
    url: sandbox.url,
    setScenario: (token, scenario) => sandbox.setScenario(token, scenario),
    reset: () => sandbox.stats.reset(),
    requests: () => sandbox.stats.requests,
  };
}

/** Runs one run of a scenario through the host; `index` is the run's place in `scenario.runs`. */
export type HostAdapter = (
  scenario: ConformanceScenario,
  run: ConformanceRun,
  index: number,
  token: string,
) => Promise<HostOutcome>;

const styleOf = (op: OperationSpec) => op.pagination?.state.map((s) => s.kind).join('+') ?? 'none';
const GET = (op: OperationSpec) => op.httpMethod === 'GET';

/** The operations the scenarios use, chosen by what they are (method, body, paging style), never by name. */
export function conformanceOperations(catalog: readonly OperationSpec[] = operations) {
  const find = (what: string, test: (op: OperationSpec) => boolean) => {
    const op = catalog.find((o) => !o.deprecated && test(o));
    if (!op) throw new Error(`the catalog has no ${what} operation`);
    return op;
  };
  return {
    single: find('GET single', (o) => GET(o) && !o.pagination),
    page: find('GET page', (o) => GET(o) && styleOf(o) === 'page' && !o.pagination!.hasMore),
    hasMore: find('page with has-more', (o) => styleOf(o) === 'page' && !!o.pagination!.hasMore),
    offset: find('offset', (o) => GET(o) && styleOf(o) === 'offset'),
    cursor: find('cursor', (o) => GET(o) && styleOf(o) === 'cursor'),
    pageCursor: find('page+cursor', (o) => GET(o) && styleOf(o) === 'page+cursor'),
    postForm: find('POST form', (o) => o.httpMethod === 'POST' && o.tokenIn === 'body' && !!o.pagination),
    postQuery: find(
      'POST query',
      (o) => o.httpMethod === 'POST' && !!o.pagination && o.params.every((p) => p.in === 'query'),
    ),
  };
}

function sample(p: ParamSpec): ParamValue {
  if (p.enum) return p.enum[0]!.value;
  if (p.type === 'integer' || p.type === 'number') return p.minimum ?? 1;
  if (p.type === 'boolean') return true;
  return p.format === 'date' ? '2026-01-01' : 'x';
}

/** A value for each required parameter of `op`. */
export const requiredParams = (op: OperationSpec) =>
  Object.fromEntries(op.params.filter((p) => p.required).map((p) => [p.name, sample(p)]));

const one = (name: string, op: OperationSpec, runs: Array<Partial<ConformanceRun>>): ConformanceScenario => ({
  name,
  op,
  style: styleOf(op),
  runs: runs.map((r) => ({
    params: requiredParams(op),
    resumed: false,
    maxPages: 10,
    retries: 0,
    onlyNew: false,
    ...r,
  })),
});

/**
 * The scenarios of issue 20's table: each request shape; each paging style to its end; each way a run
 * ends; a retried 301; a 303, a budget and a network error on page 3, each resumed; "only new" twice.
 * `resume` runs start from the resume point of the run before (filled in by `conform`).
 */
export function conformanceScenarios(catalog?: readonly OperationSpec[]): ConformanceScenario[] {
  const OPS = conformanceOperations(catalog);
  const interrupted = (what: string, fault: Scenario, extra: Partial<ConformanceRun> = {}) =>
    [OPS.page, OPS.postForm].map((op) =>
      one(`${what} (${op.httpMethod} ${styleOf(op)}), then resumed`, op, [
        { fault, ...extra },
        { resumed: true },
      ]),
    );
  return [
    one('GET without pages', OPS.single, [{ maxPages: 1 }]),
    one('POST with a form body (token in the body)', OPS.postForm, [{ maxPages: 2 }]),
    one('POST with query parameters', OPS.postQuery, [{ maxPages: 2 }]),
    one('page style to an empty page', OPS.page, [{}]),
    one('offset style to the end', OPS.offset, [{}]),
    one('cursor style to the end', OPS.cursor, [{}]),
    one('page+cursor style to the end', OPS.pageCursor, [{}]),
    one('ends when has-more is false', OPS.hasMore, [{}]),
    one('ends when a page brings nothing new', OPS.page, [{ fault: { repeat: true } }]),
    one('ends when the cursor did not move', OPS.cursor, [{ fault: { repeat: true } }]),
    one('a 301 is retried, then succeeds', OPS.page, [
      { maxPages: 2, retries: 2, fault: { code: 301, times: 1 } },
    ]),
    ...interrupted('303 on page 3', { code: 303, every: 3 }),
    ...interrupted('budget reached on page 3', {}, { maxRequests: 2 }),
    ...interrupted('network error on page 3', { reset: true, every: 3 }),
    one('"only new" run twice: the second delivers only what the first did not', OPS.hasMore, [
      { onlyNew: true, maxPages: 2 },
      { onlyNew: true, maxPages: 3 },
    ]),
  ];
}

/** The requests of `token` as they reached the sandbox. */
export function sentRequests(records: readonly RequestRecord[], token: string): SentRequest[] {
  const withoutToken = (r: Record<string, string>) => {
    const { token: _, ...rest } = r;
    return rest;
  };
  return records
    .filter((r) => r.token === token)
    .map((r) => ({
      method: r.method,
      path: r.path,
      query: withoutToken(r.urlQuery),
      form: withoutToken(r.form),
      token: 'token' in r.form ? 'form' : 'token' in r.urlQuery ? 'url' : 'none',
      code: r.code,
    }));
}

async function fetchAnswer(req: PreparedRequest): Promise<HttpAnswer> {
  const init: RequestInit = { method: req.method };
  if (req.body !== undefined) {
    init.body = req.body;
    init.headers = { 'content-type': 'application/x-www-form-urlencoded' };
  }
  let res: Response;
  try {
    res = await fetch(req.url, init);
  } catch (e) {
    throw new ConnectionError(String((e as { cause?: { code?: string } }).cause?.code ?? e));
  }
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    headers[k] = v;
  });
  return { status: res.status, body: await res.text(), headers };
}

/** The engine's own run of a scenario run, as the reference every host is compared with. */
export function referenceAdapter(baseUrl: string): HostAdapter {
  const seen = new Map<string, Set<string>>();
  return async (scenario, spec, _index, token) => {
    const known = seen.get(scenario.name) ?? new Set<string>();
    seen.set(scenario.name, known);
    const run = createRun(scenario.op, spec.params, {
      baseUrl,
      token,
      maxPages: spec.maxPages,
      policy: { maxRetries: spec.retries, baseDelayMs: 1 },
      ...(spec.maxRequests !== undefined && { maxRequests: spec.maxRequests }),
      ...(spec.onlyNew && { onlyNew: true }),
    });
    if (spec.onlyNew) run.knownIds(known);
    const items: unknown[] = [];
    let end: string | undefined;
    try {
      const io = { send: fetchAnswer, sleep: async () => {} };
      for await (const page of runAsync(run, io)) {
        items.push(...page.items);
        for (const id of run.delivered(page.items.length)) known.add(id);
        end = page.reason;
      }
    } catch (error) {
      end = error instanceof JustOneApiError ? String(error.code) : String(error);
    }
    return { items, usage: run.usage, resume: run.resume, end };
  };
}

export interface Conformed {
  /** Per run: the host's outcome and requests, and the reference's. */
  runs: Array<{
    host: HostOutcome & { requests: SentRequest[] };
    reference: HostOutcome & { requests: SentRequest[] };
  }>;
}

/**
 * Runs a scenario through the reference and then through the host (each with a fresh request log and
 * the run's fault), and returns both, with the fields the host left out removed from the reference, so
 * a test can `expect(host).toEqual(reference)` run by run. Resumed runs get the reference's resume point.
 */
export async function conform(
  sandbox: SandboxControl,
  scenario: ConformanceScenario,
  host: HostAdapter,
  token: string,
): Promise<Conformed> {
  const reference = referenceAdapter(sandbox.url);
  const refToken = `${token}-reference`;
  const runs: Conformed['runs'] = [];
  let resume: Record<string, ParamValue> | undefined;
  for (const [index, base] of scenario.runs.entries()) {
    const spec = base.resumed && resume ? { ...base, params: resume } : base;
    const once = async (adapter: HostAdapter, who: string) => {
      // An empty scenario also makes the sandbox accept the token.
      await sandbox.setScenario(who, spec.fault ?? {});
      await sandbox.reset();
      const outcome = await adapter(scenario, spec, index, who);
      return { ...outcome, requests: sentRequests(await sandbox.requests(), who) };
    };
    const ref = await once(reference, refToken);
    const got = await once(host, token);
    resume = ref.resume;
    runs.push({ host: got, reference: shown(ref, got) });
  }
  return { runs };
}

/** The reference cut to what the host shows. */
function shown(
  ref: HostOutcome & { requests: SentRequest[] },
  host: HostOutcome,
): HostOutcome & { requests: SentRequest[] } {
  const out: HostOutcome & { requests: SentRequest[] } = { items: ref.items, requests: ref.requests };
  if ('usage' in host && host.usage)
    out.usage = Object.fromEntries(
      Object.keys(host.usage).map((k) => [k, (ref.usage as Record<string, unknown> | undefined)?.[k]]),
    );
  if ('resume' in host) out.resume = ref.resume;
  if ('end' in host) out.end = ref.end;
  return out;
}
