import type { OperationSpec } from '@justoneapi/sdk';
import { HostError, runtimeOperations } from './config.js';
import { type EngineDef, runNode } from './engine.js';
import { translator } from './i18n.js';
import type { NodeMessage, NodeRedApi, RedNode } from './red-types.js';

/** One parameter's source, as the editor's TypedInput stores it. */
export interface ParamSource {
  /** str, num, bool, enum (literals), msg, flow, global, env, jsonata. */
  t: string;
  v: string;
}

export interface PlatformDef extends EngineDef {
  /** The method name within the platform ("searchUsers"), or one of its aliases. */
  operation?: string;
  params?: Record<string, ParamSource>;
}

const LITERAL = new Set(['str', 'num', 'bool', 'enum']);

/** The operation a saved node names: by method, alias or full id, deprecated and hidden ones included. */
export function findPlatformOperation(platform: string, name: string | undefined): OperationSpec | undefined {
  if (!name) return undefined;
  const key = name.startsWith(`${platform}.`) ? name.slice(platform.length + 1) : name;
  return runtimeOperations().find(
    (op) => op.namespace === platform && (op.method === key || op.aliases?.includes(key)),
  );
}

function sourceText(s: ParamSource, name: string): string {
  if (LITERAL.has(s.t)) return `msg.${name}`;
  if (s.t === 'env') return `env ${s.v}`;
  if (s.t === 'jsonata') return 'JSONata';
  return `${s.t}.${s.v}`;
}

/** Registers the node for one platform (justoneapi-<platform>): any of its operations, picked in the editor. */
export function registerPlatformNode(RED: NodeRedApi, platform: string): void {
  const t = translator(RED);
  const type = `justoneapi-${platform}`;
  RED.nodes.registerType(type, function (this: RedNode, def: PlatformDef) {
    RED.nodes.createNode(this, def);
    const op = findPlatformOperation(platform, def.operation);
    const evaluate = (s: ParamSource, msg: NodeMessage) =>
      new Promise<unknown>((resolve, reject) => {
        // Literals go to the core as typed, so the core's rules (plain decimals, whole numbers) apply.
        if (LITERAL.has(s.t)) return resolve(s.v === '' || s.v === undefined ? undefined : s.v);
        if (s.v === '' || s.v === undefined) return resolve(undefined);
        const bad = (err: unknown) =>
          new HostError(
            t('errors.badInput', { detail: `${s.t}: ${(err as Error)?.message ?? String(err)}` }),
          );
        try {
          RED.util.evaluateNodeProperty(s.v, s.t, this, msg, (err, value) => {
            if (err) reject(bad(err));
            else resolve(value === '' && s.t === 'env' ? undefined : value);
          });
        } catch (err) {
          // An expression that does not parse throws before the callback.
          reject(bad(err));
        }
      });
    runNode(
      RED,
      this,
      def,
      t,
      async (msg) => {
        if (!op)
          throw new HostError(t('errors.unknownOperation', { operation: String(def.operation ?? '') }));
        const params: Record<string, unknown> = {};
        const sources: Record<string, string> = {};
        for (const p of op.params) {
          // Not set in the node: msg.<name>, the editor's default too.
          const s = def.params?.[p.name] ?? { t: 'msg', v: p.name };
          sources[p.name] = sourceText(s, p.name);
          const value = await evaluate(s, msg);
          if (value !== undefined && value !== null && value !== '') params[p.name] = value;
        }
        return { op, params, sources };
      },
      () => op?.id ?? `${platform}.${def.operation ?? ''}`,
    );
  });
}
