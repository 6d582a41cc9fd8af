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
import versions from '../versions.json';
import { execute, type NodeMode } from './execute';
import type { PlatformVersions } from './versioning';

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

/** A node version: the legacy description (frozen whole) or generated parameters with the shared frame. */
export type VersionData = INodeTypeDescription | INodeProperties[];

function versionType(
  platform: string,
  version: number,
  data: VersionData,
  icon: string,
  renamed: PlatformVersions['renamed'],
): INodeType {
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
        version,
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
      return execute(this, mode);
    },
  };
}

/** The n8n node class of a platform, with every version the package ships. */
export function platformNodeType(
  platform: string,
  data: Record<number, VersionData>,
  icon = platform,
  renamed = versionsOf(platform).renamed,
) {
  const nodeVersions: Record<number, INodeType> = {};
  for (const [v, d] of Object.entries(data))
    nodeVersions[Number(v)] = versionType(platform, Number(v), d, icon, renamed);
  const defaultVersion = versionsOf(platform).current;
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
