import { createClient, type JustOneApiClient, operations, type Region } from '@justoneapi/sdk';
import { type Translate, translator } from './i18n.js';
import { withEnumLabels } from './labels.js';
import type { NodeRedApi, RedNode } from './red-types.js';

export const CONFIG_TYPE = 'justoneapi-config';

export interface ConfigDef {
  name?: string;
  region?: Region | 'custom';
  baseUrl?: string;
  timeoutMs?: number | string;
  maxRetries?: number | string;
}

export interface ConfigNode extends RedNode {
  /** A client for this config; throws a HostError saying what is missing. */
  client(): JustOneApiClient;
  timeoutMs: number;
}

/** An error whose message is already written for the user (localized, advice first). */
export class HostError extends Error {
  constructor(
    message: string,
    readonly code: string | number = 'VALIDATION',
    readonly statusKey = 'status.badInput',
    readonly statusSubs: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'HostError';
  }
}

const num = (v: unknown, fallback: number) =>
  v === '' || v === undefined || v === null || !Number.isFinite(Number(v)) ? fallback : Number(v);

let catalog: typeof operations | undefined;
/** The runtime catalog with enum labels, so msg.oid may say "food" or "美食". */
export const runtimeOperations = () => (catalog ??= withEnumLabels(operations));

export function registerConfig(RED: NodeRedApi): void {
  const t: Translate = translator(RED);
  RED.nodes.registerType(
    CONFIG_TYPE,
    function (this: RedNode, def: ConfigDef) {
      RED.nodes.createNode(this, def);
      const node = this as ConfigNode;
      node.timeoutMs = num(def.timeoutMs, 60_000);
      let client: JustOneApiClient | undefined;
      node.client = () => {
        if (!node.credentials?.token?.trim())
          throw new HostError(t('errors.noToken'), 'VALIDATION', 'status.noConfig');
        // A blank custom URL must not fall back to the paid global API.
        if (def.region === 'custom' && !def.baseUrl?.trim()) throw new HostError(t('errors.noBaseUrl'));
        // The token lives only in Node-RED's credential store; the SDK keeps it out of errors and logs.
        client ??= createClient({
          operations: runtimeOperations(),
          token: node.credentials?.token ?? '',
          ...(def.region === 'custom' ? { baseUrl: def.baseUrl ?? '' } : { region: def.region ?? 'global' }),
          timeoutMs: node.timeoutMs,
          maxRetries: num(def.maxRetries, 2),
        });
        return client;
      };
    },
    { credentials: { token: { type: 'password' } } },
  );
}
