// The rule that keeps saved workflows stable: a released node version's parameters never change.
// Pure (no file access) so the package's tests run it against a changed catalog; tools/generate.mjs
// runs it against the files in nodes/generated/ on every build and test.
import type { INodeProperties } from 'n8n-workflow';

export interface PlatformVersions {
  /** The version generated from the catalog (what new nodes get). */
  current: number;
  /** Published versions: their parameters are frozen in nodes/generated/<platform>.v<N>.json. */
  released?: number[];
  /** Hand-kept descriptions run by the legacy execution path (Xiaohongshu v1). */
  legacy?: number[];
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
      problems.push(`${platform} v${v} is released but nodes/generated/${platform}.v${v}.json is missing.`);
  if (released.some((v) => v > current))
    problems.push(`${platform}: current version ${current} is older than a released version.`);
  if ((versions.legacy ?? []).includes(current))
    problems.push(
      `${platform}: current version ${current} is a legacy version; generated versions must be newer.`,
    );
  if (
    released.includes(current) &&
    snapshots[current] !== undefined &&
    canonical(snapshots[current]) !== canonical(generated)
  ) {
    problems.push(
      `${platform} v${current} is released, and the catalog now generates different parameters for it. ` +
        `Saved workflows would change silently: set "current": ${current + 1} for "${platform}" in nodes/versions.json, then build (v${current} stays as released).`,
    );
  }
  return problems;
}
