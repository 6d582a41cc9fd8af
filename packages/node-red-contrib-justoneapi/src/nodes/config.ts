import { createClient, ValidationError, type JustOneApiClient, type Region } from '@justoneapi/sdk';
import { documentedOperations } from '@justoneapi/sdk/core';
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
  /** A client for this config, or an error message saying what is missing. */
  client(): JustOneApiClient;
}

const num = (v: unknown, fallback: number) =>
  v === '' || v === undefined || v === null || !Number.isFinite(Number(v)) ? fallback : Number(v);

export function registerConfig(RED: NodeRedApi): void {
  RED.nodes.registerType(
    CONFIG_TYPE,
    function (this: RedNode, def: ConfigDef) {
      RED.nodes.createNode(this, def);
      const node = this as ConfigNode;
      let client: JustOneApiClient | undefined;
      node.client = () => {
        if (!node.credentials?.token?.trim())
          throw new ValidationError(
            'This Just One API config has no token: open it and paste your token.',
            'token',
          );
        // A blank custom URL must not fall back to the paid global API.
        if (def.region === 'custom' && !def.baseUrl?.trim()) {
          throw new ValidationError(
            'This Just One API config is set to a custom base URL but has none: enter one such as http://127.0.0.1:8787, or choose Global or Mainland China.',
            'baseUrl',
          );
        }
        // The token lives only in Node-RED's credential store; the SDK keeps it out of errors and logs.
        client ??= createClient({
          operations: documentedOperations, // accepts feed labels ("food", "美食") in msg.oid
          token: node.credentials?.token ?? '',
          ...(def.region === 'custom' ? { baseUrl: def.baseUrl ?? '' } : { region: def.region ?? 'global' }),
          timeoutMs: num(def.timeoutMs, 60_000),
          maxRetries: num(def.maxRetries, 2),
        });
        return client;
      };
    },
    { credentials: { token: { type: 'password' } } },
  );
}
