import { findOperation } from '@justoneapi/sdk';
import { runtimeOperations } from './config.js';
import { type EngineDef, runNode } from './engine.js';
import { translator } from './i18n.js';
import type { NodeMessage, NodeRedApi, RedNode } from './red-types.js';

/** The 0.1 node types (justoneapi-xhs-users, justoneapi-xhs-feed): one operation each; a blank field means msg.<name>. */
export function registerLegacyNode(RED: NodeRedApi, type: string, operationId: string): void {
  const t = translator(RED);
  RED.nodes.registerType(type, function (this: RedNode, def: EngineDef & Record<string, unknown>) {
    RED.nodes.createNode(this, def);
    const op = findOperation(operationId, undefined, runtimeOperations());
    runNode(
      RED,
      this,
      def,
      t,
      async (msg: NodeMessage) => {
        const params: Record<string, unknown> = {};
        const sources: Record<string, string> = {};
        for (const p of op.params) {
          const fromMsg =
            def[p.name] === undefined || def[p.name] === null || String(def[p.name]).trim() === '';
          const value = fromMsg ? msg[p.name] : def[p.name];
          sources[p.name] = `msg.${p.name}`;
          if (value !== undefined && value !== null && value !== '') params[p.name] = value;
        }
        return { op, params, sources };
      },
      () => op.id,
    );
  });
}
