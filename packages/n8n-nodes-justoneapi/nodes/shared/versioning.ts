// The rule that keeps saved workflows stable: a released node version's parameters never change.
// Pure (no file access) so the package's tests run it against a changed catalog; tools/generate.mjs
// runs it against the files in nodes/generated/ on every build and test.
import type { INodeProperties } from 'n8n-workflow';

export interface PlatformVersions {
  /** The version generated from the catalog (what new nodes get). */
  current: number;
  /** Published versions: their parameters are frozen in nodes/released/<platform>.v<N>.json. */
  released?: number[];
  /** Hand-kept descriptions run by the legacy execution path (Xiaohongshu v1). */
  legacy?: number[];
  /**
   * Parameters the vendor renamed since a released version, written by the generator when it adds a
   * version: { [version]: { [operation]: { [current name]: name saved in that version } } }. A workflow
   * saved with that version keeps its value under the old name; the node sends it under the new one.
   */
  renamed?: Record<string, Record<string, Record<string, string>>>;
  /**
   * Minor versions (n8n's light versioning, as its Email Trigger (IMAP) 2.1): a field that would change
   * what a saved workflow sends (new with a default, or its default changed) is shown only from the
   * minor version that brought it ('@version' >= 2.1; a changed field keeps its released variant before
   * it), so workflows saved on 2 send what they sent. Written by the generator:
   * { ["2.1"]: { [operation]: [field names] } }; a minor belongs to the version it extends (2.1 to 2).
   */
  minors?: Record<string, Record<string, string[]>>;
}

/** The version numbers one node version answers to, oldest first: [2, 2.1, 2.2]. */
export function versionNumbers(versions: PlatformVersions, major: number): number[] {
  const minors = Object.keys(versions.minors ?? {})
    .map(Number)
    .filter((n) => Math.floor(n) === major);
  return [major, ...minors.sort((a, b) => a - b)];
}

/** The version new workflows get: the current version's newest minor. */
export const newestVersion = (versions: PlatformVersions): number =>
  versionNumbers(versions, versions.current).at(-1)!;

/** The '@version' conditions that show a field from a minor version on, and before it. */
export const fromVersion = (minor: number) => [{ _cnd: { gte: minor } }];
export const beforeVersion = (minor: number) => [{ _cnd: { lt: minor } }];

/**
 * A version's parameters as its released snapshot holds them: each field a minor changed shown only
 * from that minor on; where the field was there before (its default changed), the released variant
 * from `frozen` (the snapshot) is kept, shown only before the minor. Fields are found by name among
 * those shown for the operation.
 */
export function withMinors(
  properties: INodeProperties[],
  versions: PlatformVersions,
  major: number,
  frozen: Props = [],
): INodeProperties[] {
  const changed = versionNumbers(versions, major)
    .slice(1)
    .flatMap((minor) =>
      Object.entries(versions.minors![String(minor)]!).flatMap(([op, names]) =>
        names.map((name) => ({ minor, op, name })),
      ),
    );
  if (!changed.length) return properties;
  const shownFor = (p: INodeProperties, op: string) => (showOf(p).operation ?? []).includes(op);
  const when = (p: INodeProperties, condition: unknown[]) =>
    ({
      ...p,
      displayOptions: { ...p.displayOptions, show: { ...p.displayOptions?.show, '@version': condition } },
    }) as INodeProperties;
  return properties.flatMap((p) => {
    const at = changed.find((a) => a.name === p.name && shownFor(p, a.op));
    if (!at) return [p];
    const before = frozen.find((x) => {
      const v = showOf(x)['@version'];
      const old = v === undefined || canonical(v) === canonical(beforeVersion(at.minor));
      return x.name === p.name && shownFor(x, at.op) && old;
    });
    const now = when(p, fromVersion(at.minor));
    return before ? [when(before, beforeVersion(at.minor)), now] : [now];
  });
}

/** Key order does not matter; array order does (it is the order the editor shows). */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/**
 * What is wrong with a platform's versions, given the parameters generated from the catalog now and the
 * committed snapshot of each version: empty when all is well.
 */
export function versionProblems(
  platform: string,
  versions: PlatformVersions,
  generated: INodeProperties[],
  snapshots: Record<number, unknown>,
): string[] {
  const problems: string[] = [];
  const released = versions.released ?? [];
  const { current } = versions;
  for (const v of released)
    if (snapshots[v] === undefined)
      problems.push(`${platform} v${v} is released but nodes/released/${platform}.v${v}.json is missing.`);
  if (released.some((v) => v > current))
    problems.push(`${platform}: current version ${current} is older than a released version.`);
  if ((versions.legacy ?? []).includes(current))
    problems.push(
      `${platform}: current version ${current} is a legacy version; generated versions must be newer.`,
    );
  if (
    released.includes(current) &&
    snapshots[current] !== undefined &&
    canonical(snapshots[current]) !==
      canonical(withMinors(generated, versions, current, snapshots[current] as Props))
  ) {
    problems.push(
      `${platform} v${current} is released, and the catalog now generates different parameters for it. ` +
        `Saved workflows would change silently: run tools/generate.mjs (build does). For a breaking change it will set "current": ${current + 1} for "${platform}" in nodes/versions.json (v${current} stays as released); an additive one extends v${current}.`,
    );
  }
  return problems;
}

type Props = readonly INodeProperties[];
/** A danger highlight's switch (acknowledge.ts): it sends nothing, and saved workflows must reach it. */
const isAcknowledge = (p: INodeProperties) => p.type === 'boolean' && /^acknowledge[A-Z]/.test(p.name);
type Show = Record<string, unknown[] | undefined>;
const showOf = (p: INodeProperties): Show => (p.displayOptions?.show ?? {}) as Show;
const valuesOf = (p: INodeProperties): unknown[] =>
  ((p.options ?? []) as Array<{ value?: unknown; name: string }>).map((o) => o.value ?? o.name);
const nested = (p: INodeProperties): Props | undefined =>
  p.type === 'collection' || p.type === 'fixedCollection'
    ? ((p.options ?? []) as Array<INodeProperties | { values?: Props }>).flatMap((o) =>
        'type' in o ? [o as INodeProperties] : [...(o.values ?? [])],
      )
    : undefined;

/** Where `q` stands in for `p` in a saved workflow: same meaning, shown at least wherever `p` was. */
function covers(p: INodeProperties, q: INodeProperties): boolean {
  if (p.name !== q.name || p.type !== q.type || Boolean(p.required) !== Boolean(q.required)) return false;
  if (canonical(p.default) !== canonical(q.default)) return false;
  if (canonical(p.displayOptions?.hide ?? {}) !== canonical(q.displayOptions?.hide ?? {})) return false;
  const a = showOf(p);
  const b = { ...showOf(q) };
  // Shown only before a minor version: still shown wherever p was, for the workflows saved with p.
  if (a['@version'] === undefined && /"lt"/.test(canonical(b['@version'] ?? ''))) delete b['@version'];
  if (canonical(Object.keys(a).sort()) !== canonical(Object.keys(b).sort())) return false;
  if (
    !Object.keys(a).every((k) =>
      (a[k] ?? []).every((v) => (b[k] ?? []).some((w) => canonical(w) === canonical(v))),
    )
  )
    return false;
  if (p.type === 'options' || p.type === 'multiOptions') {
    const have = valuesOf(q).map(canonical);
    if (!valuesOf(p).every((v) => have.includes(canonical(v)))) return false;
  }
  const inner = nested(p);
  return !inner || versionChange(inner, nested(q) ?? []) !== 'breaking';
}

export type VersionChange = 'same' | 'additive' | 'additive-behavioural' | 'breaking';

/**
 * How a version's parameters change from `released` to `generated`, for saved workflows (n8n saves only
 * values that differ from their default): 'same'; 'additive' (new operations, options, optional fields, or
 * texts: every saved workflow means what it meant); 'additive-behavioural' (nothing removed, but saved
 * workflows would send something else: a new field of an existing operation has a default, or a field's
 * default changed; a minor version); or 'breaking' (anything removed, renamed or retyped, a field made
 * required, or a new required field on an existing operation).
 */
export function versionChange(released: Props, generated: Props): VersionChange {
  return compare(released, generated).change;
}

/** A field a saved workflow would start sending: a new top-level field with a default, not shown only for new values. */
const sentByDefault = (q: INodeProperties) =>
  q.type !== 'notice' &&
  q.type !== 'collection' &&
  q.type !== 'fixedCollection' &&
  !isAcknowledge(q) &&
  q.default !== '' &&
  q.default !== undefined &&
  q.default !== null;

function compare(
  released: Props,
  generated: Props,
): { change: VersionChange; behavioural: INodeProperties[] } {
  const behavioural: INodeProperties[] = [];
  if (canonical(released) === canonical(generated)) return { change: 'same', behavioural };
  const breaking = { change: 'breaking' as const, behavioural };
  const matched = new Set<INodeProperties>();
  for (const p of released) {
    const q = generated.find((x) => !matched.has(x) && covers(p, x)) ?? generated.find((x) => covers(p, x));
    if (q) {
      matched.add(q);
      continue;
    }
    // Only its default changed: n8n fills defaults into saved workflows, so they would send the new one.
    const d = generated.find((x) => !matched.has(x) && covers(p, { ...x, default: p.default }));
    if (!d || d.type === 'notice' || isAcknowledge(d)) return breaking;
    matched.add(d);
    behavioural.push(d);
  }
  // Values each display condition could take before: a new required field shown only for new ones is additive.
  const known: Record<string, Set<string>> = {};
  for (const p of released) {
    for (const [k, vs] of Object.entries(showOf(p)))
      for (const v of vs ?? []) (known[k] ??= new Set()).add(canonical(v));
    for (const v of valuesOf(p)) (known[p.name] ??= new Set()).add(canonical(v));
  }
  for (const q of generated) {
    if (matched.has(q)) continue;
    const onlyNew = Object.entries(showOf(q)).some(([k, vs]) =>
      (vs ?? []).every((v) => !known[k]?.has(canonical(v))),
    );
    if (onlyNew) continue;
    if (q.required) return breaking;
    if (sentByDefault(q)) behavioural.push(q);
  }
  return { change: behavioural.length ? 'additive-behavioural' : 'additive', behavioural };
}

/**
 * What the generator does when the catalog changes a released current version, following the change:
 * 'extend' (additive: the released snapshot takes the new operations and options, same version number),
 * 'minor' (additive, but a new field would change what saved workflows send: a minor version, 2 -> 2.1,
 * shows it; workflows saved on 2 do not send it), 'bump' (breaking: a new current version; the released
 * one stays frozen for saved workflows), or nothing to do. `generated` is the catalog's parameters as
 * they are (no '@version' condition). Never a hand edit of nodes/versions.json.
 * `minors: false` (a node type that does not ship minor versions) turns a minor into a bump.
 */
export function versionPlan(
  versions: PlatformVersions,
  generated: INodeProperties[],
  snapshots: Record<number, unknown>,
  { minors = true }: { minors?: boolean } = {},
):
  | { action: 'none' }
  | { action: 'extend'; version: number }
  | { action: 'minor'; version: number; minor: number; versions: PlatformVersions }
  | { action: 'bump'; versions: PlatformVersions } {
  const { current } = versions;
  const frozen = snapshots[current] as INodeProperties[] | undefined;
  if (!(versions.released ?? []).includes(current) || !frozen) return { action: 'none' };
  const { change, behavioural } = compare(frozen, withMinors(generated, versions, current, frozen));
  if (change === 'same') return { action: 'none' };
  if (change === 'additive') return { action: 'extend', version: current };
  const minor = Math.round((newestVersion(versions) + 0.1) * 10) / 10;
  if (change === 'additive-behavioural' && minors && Math.floor(minor) === current) {
    const fields: Record<string, string[]> = {};
    for (const q of behavioural)
      for (const op of (showOf(q).operation ?? []) as string[]) (fields[op] ??= []).push(q.name);
    const next = { ...versions, minors: { ...versions.minors, [String(minor)]: fields } };
    // With the minor, saved workflows must see exactly what they saw; otherwise a new version.
    if (compare(frozen, withMinors(generated, next, current, frozen)).change === 'additive')
      return { action: 'minor', version: current, minor, versions: next };
  }
  const renamed = renamedParams(frozen, generated);
  return {
    action: 'bump',
    versions: {
      ...versions,
      current: current + 1,
      ...(Object.keys(renamed).length ? { renamed: { ...versions.renamed, [current]: renamed } } : {}),
    },
  };
}

/** The field names an operation shows in a version (its own fields and those in Additional Fields). */
function fieldsOf(props: Props, method: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of props) {
    if (p.type === 'notice' || !(showOf(p).operation ?? []).includes(method)) continue;
    for (const f of nested(p) ?? [p]) out.set(f.name, f.type);
  }
  return out;
}

/**
 * Parameters renamed between a released version and the newly generated one, per operation: an operation
 * that lost exactly one field and gained exactly one of the same type. { [operation]: { [new]: old } }.
 */
export function renamedParams(released: Props, generated: Props): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  const operations = released.find((p) => p.name === 'operation');
  for (const method of valuesOf(operations ?? ({} as INodeProperties)).map(String)) {
    const before = fieldsOf(released, method);
    const after = fieldsOf(generated, method);
    const gone = [...before].filter(([n]) => !after.has(n));
    const added = [...after].filter(([n]) => !before.has(n));
    if (gone.length === 1 && added.length === 1 && gone[0]![1] === added[0]![1])
      out[method] = { [added[0]![0]]: gone[0]![0] };
  }
  return out;
}
