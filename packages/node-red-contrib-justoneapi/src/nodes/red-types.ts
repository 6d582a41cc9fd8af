// The small part of Node-RED's runtime API these nodes use (Node-RED ships no types of its own).
export interface NodeMessage {
  _msgid?: string;
  payload?: unknown;
  [key: string]: unknown;
}

export interface NodeStatus {
  fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
  shape?: 'ring' | 'dot';
  text?: string;
}

export interface RedNode {
  id: string;
  credentials?: Record<string, string | undefined>;
  on(
    event: 'input',
    handler: (
      msg: NodeMessage,
      send: (msg: NodeMessage | NodeMessage[]) => void,
      done: (err?: Error | string) => void,
    ) => void,
  ): void;
  on(event: 'close', handler: (removed: boolean, done: () => void) => void): void;
  status(status: NodeStatus): void;
  warn(message: string): void;
  error(message: string | Error, msg?: NodeMessage): void;
}

export interface NodeRedApi {
  nodes: {
    createNode(node: RedNode, config: object): void;
    registerType(
      type: string,
      constructor: (this: RedNode, config: never) => void,
      options?: { credentials?: Record<string, { type: 'text' | 'password' }> },
    ): void;
    getNode(id: string): unknown;
  };
  util: {
    cloneMessage<T>(msg: T): T;
    evaluateNodeProperty(
      value: unknown,
      type: string,
      node: RedNode,
      msg: NodeMessage,
      callback: (err: Error | null, result: unknown) => void,
    ): void;
  };
  _(key: string, substitutions?: Record<string, string | number>): string;
}
