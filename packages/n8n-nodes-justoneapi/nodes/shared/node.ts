// A platform node: one n8n node type per platform (Xiaohongshu, Douyin, ...), versioned the way n8n's
// own nodes are (VersionedNodeType, as Airtable v1/v2). Each version's parameters are data, generated
// from the catalog by tools/generate.mjs (nodes/generated/<platform>.v<N>.json); the legacy
// Xiaohongshu v1 keeps its own frozen description and execution path.
import {
  NodeConnectionTypes,
  VersionedNodeType,
  type IExecuteFunctions,
  type INodeExecutionData,
  type INodeProperties,
  type INodeType,
  type INodeTypeBaseDescription,
  type INodeTypeDescription,
} from 'n8n-workflow';
import { documentedPlatforms } from '@justoneapi/sdk/core';
import { labelledOperations } from '@justoneapi/sdk/runtime';
import versions from '../versions.json';
import { execute, type NodeMode } from './execute';
import { newestVersion, type PlatformVersions, versionNumbers } from './versioning';

export { triggerNodeType } from './trigger';

export function versionsOf(platform: string): PlatformVersions {
  return (versions as unknown as Record<string, PlatformVersions>)[platform] ?? { current: 1 };
}

/**
 * What n8n shows for a platform: "Douyin (TikTok China) (Just One API)", and one line under it in the node
 * panel, as core nodes have ("Consume the Airtable API"): the name without its parenthesis. The panel finds it by its Chinese name too (codex aliases).
 */
export function platformTexts(platform: string) {
  const p = documentedPlatforms.find((x) => x.id === platform);
  const en = p?.name.en ?? platform;
  const short = en.replace(/\s*\(.*?\)/g, '');
  return { displayName: `${en} (Just One API)`, description: `Read ${short} data` };
}

/** The subtitle: the chosen operation's name. */
function subtitleOf(properties: INodeProperties[]): string {
  const names = Object.fromEntries(
    (properties.find((p) => p.name === 'operation')?.options ?? []).map((o) => [
      'value' in o ? String(o.value) : '',
      o.name,
    ]),
  );
  return `={{ ${JSON.stringify(names)}[$parameter["operation"]] ?? $parameter["operation"] }}`;
}

/**
 * The catalog a node version runs: without the parameters its newer minor versions added, since the
 * core would send their defaults. A workflow saved on 2 sends what it sent; one on 2.1 sends them. A
 * field whose default a minor changed stays (its earlier variant, shown before the minor, is sent).
 * Undefined when nothing is held back (the whole catalog).
 */
export function catalogFor(
  platform: string,
  version: number,
  versions: PlatformVersions,
  properties: readonly INodeProperties[],
) {
  const shownAt = (method: string, name: string) =>
    properties.some((p) => {
      const show = (p.displayOptions?.show ?? {}) as Record<string, unknown[] | undefined>;
      const from = (show['@version']?.[0] as { _cnd?: { gte?: number } } | undefined)?._cnd?.gte;
      return (
        p.name === name && (show.operation ?? []).includes(method) && (from === undefined || from <= version)
      );
    });
  const held = new Map<string, Set<string>>();
  for (const [n, fields] of Object.entries(versions.minors ?? {})) {
    if (Math.floor(Number(n)) !== Math.floor(version) || Number(n) <= version) continue;
    for (const [method, names] of Object.entries(fields))
      for (const name of names)
        if (!shownAt(method, name)) held.set(method, (held.get(method) ?? new Set()).add(name));
  }
  if (!held.size) return undefined;
  return labelledOperations.map((op) =>
    op.namespace === platform && held.has(op.method)
      ? { ...op, params: op.params.filter((p) => !held.get(op.method)!.has(p.name)) }
      : op,
  );
}

/** A node version: the legacy description (frozen whole) or generated parameters with the shared frame. */
export type VersionData = INodeTypeDescription | INodeProperties[];

function versionType(
  platform: string,
  version: number,
  data: VersionData,
  icon: string,
  renamed: PlatformVersions['renamed'],
  versions: PlatformVersions,
): INodeType {
  const numbers = versionNumbers(versions, version);
  const legacy = (versionsOf(platform).legacy ?? []).includes(version);
  const names = renamed?.[version];
  const properties = Array.isArray(data) ? data : data.properties;
  const mode: NodeMode = legacy
    ? { legacy: true, properties }
    : { legacy: false, platform, properties, ...(names ? { renamed: names } : {}) };
  const description: INodeTypeDescription = Array.isArray(data)
    ? {
        ...platformTexts(platform),
        name: platform,
        icon: { light: `file:${icon}.svg`, dark: `file:${icon}.dark.svg` },
        group: ['input'],
        // One description for a version and its minors (2, 2.1): fields added in a minor show from it on.
        version: numbers.length > 1 ? numbers : version,
        subtitle: subtitleOf(data),
        defaults: { name: documentedPlatforms.find((x) => x.id === platform)?.name.en ?? platform },
        usableAsTool: true,
        inputs: [NodeConnectionTypes.Main],
        outputs: [NodeConnectionTypes.Main],
        credentials: [{ name: 'justOneApi', required: true }],
        properties: data,
      }
    : { ...data, version };
  return {
    description,
    async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
      const ops = catalogFor(platform, this.getNode().typeVersion, versions, properties);
      return ops ? execute(this, mode, ops) : execute(this, mode);
    },
  };
}

/**
 * The n8n node class of a platform, with every version the package ships (and their minor versions,
 * which share their version's parameters and run).
 */
export function platformNodeType(
  platform: string,
  data: Record<number, VersionData>,
  icon = platform,
  renamed = versionsOf(platform).renamed,
  versions = versionsOf(platform),
) {
  const nodeVersions: Record<number, INodeType> = {};
  for (const [v, d] of Object.entries(data)) {
    const type = versionType(platform, Number(v), d, icon, renamed, versions);
    for (const n of versionNumbers(versions, Number(v))) nodeVersions[n] = type;
  }
  const defaultVersion = newestVersion(versions);
  const base: INodeTypeBaseDescription = {
    ...platformTexts(platform),
    name: platform,
    icon: { light: `file:${icon}.svg`, dark: `file:${icon}.dark.svg` },
    group: ['input'],
    defaultVersion,
  };
  return class extends VersionedNodeType {
    constructor() {
      super(nodeVersions, base);
    }
  };
}
