// Host-adapter conformance: the run engine's scenarios (@justoneapi/sandbox/conformance) through the
// built Code.js in the Apps Script-like harness, against the sandbox over real HTTP (in a worker thread,
// so the synchronous UrlFetchApp can block), as a refresh job and as a =JUSTONEAPI formula. Each run
// must put the same requests on the wire as the engine's reference run, deliver the same items (as the
// rows the host writes), count the same usage (the job's usage cell) and keep the same resume point (the
// job's, in document properties).
//
// What differs by the host's design, and so is set or left out here:
// - Retries: a refresh retries twice (MAX_RETRIES), a formula once (its 30 s); the reference runs with
//   the host's count. Requests, retries included, are still compared one by one. So a network error on
//   page 3 is retried and the run completes: there is nothing to resume (the 303 and budget scenarios
//   resume).
// - A refresh job keeps a resume point only when interrupted ("a job that completed starts afresh"), and
//   resumes by itself from the jobs sheet: a run the next one resumes must end at the reference's point;
//   a job that completed keeps none, even where the reference stopped at its page limit.
// - Runs that resume, and "only new", are append-new jobs (the rows each run appends are what it
//   delivered); the others are replace jobs (the table written).
// - Formulas have no request budget (README: formulas are not counted by the caps) and no "only new";
//   they show no usage or resume point. Their resumed runs are a formula given the resume point's params.
import {
  type ConformanceScenario,
  conform,
  conformanceScenarios,
  type HostAdapter,
  type HostOutcome,
  type SandboxControl,
} from '@justoneapi/sandbox/conformance';
import type { OperationSpec, ParamValue } from '@justoneapi/sdk/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toTable } from '../src/table';
import { createHarness, FakeSheet, type Harness } from './harness';
import { type RemoteSandbox, startRemoteSandbox } from './sandbox';

let sandbox: RemoteSandbox;
let control: SandboxControl;
beforeAll(async () => {
  sandbox = await startRemoteSandbox();
  control = {
    url: sandbox.url,
    setScenario: (token, s) => sandbox.setScenario(token, s),
    reset: () => sandbox.reset(),
    requests: async () => (await sandbox.requests()) as never,
  };
});
afterAll(() => sandbox.close());

const JOBS = 'Just One API';
const TARGET = 'Conformance';
const JOB_HEADER = ['operation', 'keyword or feed id', 'pages', 'target sheet', 'parameters', 'mode'];
const REFRESH_RETRIES = 2;
const FORMULA_RETRIES = 1;
const isDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === '[object Date]';
/** Rows with their date cells as ISO text (the bundle's dates belong to another realm). */
const plain = (rows: unknown[][]) => rows.map((r) => r.map((v) => (isDate(v) ? v.toISOString() : v)));
/** The rows a sheet shows for `items`: how a host's rows and the reference's items are compared. */
const rowsOf = (op: OperationSpec, items: unknown[], raw: boolean) => plain(toTable(op, items, raw).rows);

/** The usage cell ("3 requests (2 ok, 1 failed: 303×1), 1 retry, 2 pages, 10 items, …") as counters. */
function usageOf(text: string): HostOutcome['usage'] {
  const n = (re: RegExp) => Number(text.match(re)?.[1] ?? 0);
  return {
    requests: n(/^(\d+) requests?/),
    ok: n(/\((\d+) ok/),
    retries: n(/(\d+) retr(?:y|ies)/),
    pages: n(/(\d+) pages?\b/),
    items: n(/(\d+) items?\b/),
    alreadySeen: n(/(\d+) already seen/),
    refused: n(/(\d+) requests? refused/),
  };
}

/**
 * The scenario with the host's retries. A network error on one attempt is then retried and the run
 * completes (both in the host and in the reference), so the run that would resume it is left out.
 */
function forHost(scenario: ConformanceScenario, retries: number): ConformanceScenario {
  const runs = scenario.runs.map((r) => ({ ...r, retries }));
  const recovered = runs[0]!.fault?.reset === true && runs[1]?.resumed;
  return { ...scenario, runs: recovered ? runs.slice(0, 1) : runs };
}
const appendMode = (s: ConformanceScenario) => s.runs.some((r) => r.resumed || r.onlyNew);

/**
 * A refresh job per scenario, kept across its runs (one spreadsheet): the jobs sheet as a user writes
 * it (the first run's params), the per-refresh cap for a run's budget, Refresh now for each run.
 */
function refreshHost(): HostAdapter {
  let h: Harness;
  let rows = 0;
  return async (scenario, run, index, token) => {
    const { op } = scenario;
    if (index === 0) {
      h = createHarness();
      h.userProps.set('JUSTONEAPI_TOKEN', token);
      h.userProps.set('JUSTONEAPI_REGION', sandbox.url);
      rows = 0;
    }
    const append = appendMode(scenario);
    const params = run.resumed ? scenario.runs[0]!.params : run.params;
    const jobs = new FakeSheet(JOBS, h.clock);
    jobs.addDeveloperMetadata('justoneapi:jobs');
    jobs.cells = [
      [...JOB_HEADER, 'item id field'],
      [op.id, '', run.maxPages, TARGET, JSON.stringify(params), append ? 'append new' : '', 'id'],
    ];
    if (!append || op.pagination?.id) jobs.cells[1]![6] = '';
    h.sheets.set(JOBS, jobs);
    const cap = 'JUSTONEAPI_MAX_REQUESTS_PER_REFRESH';
    if (run.maxRequests !== undefined) h.docProps.set(cap, String(run.maxRequests));
    else h.docProps.delete(cap);
    h.call('XHS_MENU_REFRESH');
    const cell = (name: string) => String(jobs.cells[1]![jobs.cells[0]!.indexOf(name)] ?? '');
    const table = h.sheets.get(TARGET)?.cells ?? [];
    // The rows this run delivered: an append-new job's new rows; a replace job's table, once complete.
    const written = append ? table.slice(1 + rows) : cell('status').startsWith('ok') ? table.slice(1) : [];
    rows = Math.max(0, table.length - 1);
    const header = table[0] as string[] | undefined;
    const own = header ? header.filter((c) => !['fetched_at', 'page', 'item_id'].includes(c)) : [];
    const point = [...h.docProps].find(([k]) => k.startsWith('JUSTONEAPI_RESUME '));
    return {
      items: plain(written.map((r) => own.map((c) => r[header!.indexOf(c)]))),
      usage: usageOf(cell('usage')),
      resume: point ? (JSON.parse(point[1]) as { next: Record<string, ParamValue> }).next : undefined,
    };
  };
}

/** A =JUSTONEAPI formula per run, raw (every field), in its own execution; one cache per scenario. */
function formulaHost(): HostAdapter {
  let h: Harness;
  return async (scenario, run, index, token) => {
    if (index === 0) {
      h = createHarness();
      h.userProps.set('JUSTONEAPI_REGION', sandbox.url);
    }
    h.userProps.set('JUSTONEAPI_TOKEN', token);
    const pairs = Object.entries(run.params).flat();
    const pages = scenario.op.pagination ? ['pages', run.maxPages] : [];
    const table = h.call('JUSTONEAPI', scenario.op.id, ...pairs, ...pages, 'options', 'raw, noheader');
    const rows = (table as unknown[][]).filter((r) => !/^Stopped on page/.test(String(r[0])));
    return { items: plain(rows.filter((r) => r[0] !== '(no results)')) };
  };
}

const scenarios = conformanceScenarios();
const named = (list: ConformanceScenario[]) => list.map((s) => [s.name, s] as [string, ConformanceScenario]);

describe('conformance: a refresh job (runBatched, jobs sheet, usage cell, resume point)', () => {
  it.each(named(scenarios))('%s', async (_name, scenario) => {
    const s = forHost(scenario, REFRESH_RETRIES);
    const { runs } = await conform(control, s, refreshHost(), `conf-job-${scenarios.indexOf(scenario)}`);
    for (const [i, { host, reference }] of runs.entries()) {
      const run = `run ${i + 1}`;
      expect(host.requests.length, run).toBeGreaterThan(0);
      expect(host.requests, `${run}: requests`).toEqual(reference.requests);
      expect(host.items, `${run}: items`).toEqual(rowsOf(s.op, reference.items, false));
      expect(host.usage, `${run}: usage`).toEqual(reference.usage);
      // Where the next run continues; a job that completed keeps no resume point.
      expect(host.resume, `${run}: resume`).toEqual(s.runs[i + 1]?.resumed ? reference.resume : undefined);
    }
  });
});

describe('conformance: a =JUSTONEAPI formula (runSync, the page cache)', () => {
  const formulaScenarios = scenarios.filter(
    (s) => !s.runs.some((r) => r.onlyNew || r.maxRequests !== undefined),
  );
  it('runs every scenario but those formulas have no switch for: a request budget, "only new"', () => {
    const left = scenarios.filter((s) => !formulaScenarios.includes(s));
    expect(left.length).toBeGreaterThan(0);
    for (const s of left) expect(s.runs.some((r) => r.onlyNew || r.maxRequests !== undefined)).toBe(true);
  });
  it.each(named(formulaScenarios))('%s', async (_name, scenario) => {
    const s = forHost(scenario, FORMULA_RETRIES);
    const { runs } = await conform(control, s, formulaHost(), `conf-formula-${scenarios.indexOf(scenario)}`);
    for (const [i, { host, reference }] of runs.entries()) {
      expect(host.requests, `run ${i + 1}: requests`).toEqual(reference.requests);
      expect(host.items, `run ${i + 1}: items`).toEqual(rowsOf(s.op, reference.items, true));
    }
  });
});
