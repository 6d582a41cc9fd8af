// Runs a two-node workflow (an item source -> our node) with n8n-core's real WorkflowExecute, as n8n
// runs a manual execution: n8n's own request helper (httpRequestWithAuthentication), expression and
// parameter resolution, continue-on-fail handling, pairedItem checks and error serialization into the
// run data are all n8n's. The only stand-in is n8n's credentials store (it lives in the n8n server
// package): it hands out the decrypted credential data and applies the credential's own generic
// `authenticate` block exactly as n8n's CredentialsHelper does (each value resolved as an expression).
import { ExecuteContext, ExecutionLifecycleHooks, PollContext, RoutingNode, WorkflowExecute } from 'n8n-core';
import {
  createRunExecutionData,
  LoggerProxy,
  Workflow,
  type IAuthenticateRuleResponseSuccessBody,
  type ICredentialDataDecryptedObject,
  type ICredentialsDecrypted,
  type IExecuteFunctions,
  type IHttpRequestOptions,
  type INode,
  type INodeExecutionData,
  type INodeParameters,
  type INodeType,
  type INodeTypes,
  type IRun,
  type IWorkflowBase,
  type IWorkflowExecuteAdditionalData,
  type IDataObject,
} from 'n8n-workflow';
import { JustOneApi } from '../credentials/JustOneApi.credentials';
import { Xiaohongshu } from '../nodes/Xiaohongshu/Xiaohongshu.node';
import { JustOneApiTrigger } from '../nodes/JustOneApiTrigger/JustOneApiTrigger.node';

export interface RunOptions {
  parameters: INodeParameters;
  credentials: ICredentialDataDecryptedObject;
  items?: INodeExecutionData[];
  continueOnFail?: boolean;
  /** The node's version (default 1: today's saved workflows). */
  typeVersion?: number;
  /** The node's Settings > Retry On Fail (n8n re-runs the whole node), with Max Tries. */
  retryOnFail?: { maxTries: number; waitBetweenTries?: number };
  /** Another platform node than Xiaohongshu: its class and type ("n8n-nodes-justoneapi.taobao"). */
  platform?: { node: new () => { getNodeType(version?: number): INodeType }; type: string };
  /** Called as the run starts, with what the editor's Stop button does (n8n cancels the execution). */
  onStart?: (cancel: () => void) => void;
  /** Another platform node than Xiaohongshu: its class and its type name (`n8n-nodes-justoneapi.<platform>`). */
  node?: { type: string; versioned: { getNodeType(version?: number): INodeType } };
}

export interface WorkflowResult {
  /** Our node's output items (first output, first run). */
  items: INodeExecutionData[];
  /** The execution hints the node added (shown in the output pane). */
  hints: Array<{ message: string; type?: string }>;
  /** The run's error as n8n stores it in the execution data, when the workflow failed. */
  error?: Record<string, unknown> & { message: string; description?: string | null; name?: string };
  /** Everything n8n produced for the execution. */
  run: IRun;
}

export const NODE_NAME = 'XHS';

/** Every line n8n logs during the runs (through its LoggerProxy), so tests can scan them for the token. */
export const logs: string[] = [];
const capture = (level: string) => (message: string, meta?: object) =>
  void logs.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
LoggerProxy.init({
  error: capture('error'),
  warn: capture('warn'),
  info: capture('info'),
  debug: capture('debug'),
} as Parameters<typeof LoggerProxy.init>[0]);
const SOURCE_TYPE = 'test.itemSource';

/** Stands in for a trigger: outputs the test's input items. */
function itemSource(items: INodeExecutionData[]): INodeType {
  return {
    description: {
      displayName: 'Item Source',
      name: SOURCE_TYPE,
      group: ['input'],
      version: 1,
      description: '',
      defaults: { name: 'Source' },
      inputs: ['main'],
      outputs: ['main'],
      properties: [],
    },
    async execute(this: IExecuteFunctions) {
      return [items.map((item, i) => ({ ...item, pairedItem: { item: i } }))];
    },
  } as INodeType;
}

/** What n8n's server hands the execution engine; its credentials store is the only stand-in (see the top). */
function additionalDataFor(
  credentials: ICredentialDataDecryptedObject,
  workflowData: object,
): IWorkflowExecuteAdditionalData {
  const credential = new JustOneApi();
  return {
    executionId: 'exec-1',
    userId: 'user-1',
    variables: {},
    restApiUrl: 'http://127.0.0.1/rest',
    instanceBaseUrl: 'http://127.0.0.1/',
    webhookBaseUrl: 'http://127.0.0.1/webhook',
    webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
    webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
    formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
    hooks: new ExecutionLifecycleHooks('manual', 'exec-1', workflowData as IWorkflowBase),
    currentNodeParameters: undefined,
    credentialsHelper: {
      getParentTypes: () => [],
      isCredentialUsableByNode: () => true,
      preAuthentication: async () => undefined,
      getDecrypted: async () => ({ ...credentials }),
      getCredentialsProperties: () => credential.properties,
      // n8n's CredentialsHelper.authenticate: a function is called with the credential data and the
      // request; a generic block is applied key by key (each value resolved as an expression).
      authenticate: async (
        creds: ICredentialDataDecryptedObject,
        _type: string,
        request: IHttpRequestOptions,
        wf: Workflow,
        n: INode,
      ) => {
        const auth = credential.authenticate as unknown;
        if (typeof auth === 'function')
          return (auth as (c: typeof creds, r: IHttpRequestOptions) => Promise<IHttpRequestOptions>)(
            creds,
            request,
          );
        const resolve = (v: string) =>
          wf.expression.getSimpleParameterValue(n, v, 'internal', { $credentials: creds }, undefined, '');
        const out = request as unknown as Record<string, Record<string, unknown>>;
        for (const [outer, values] of Object.entries(
          (auth as { properties: Record<string, Record<string, string>> }).properties,
        )) {
          out[outer] = { ...(out[outer] ?? {}) };
          for (const [k, v] of Object.entries(values as Record<string, string>))
            out[outer][String(resolve(k))] = resolve(v);
        }
        return request;
      },
    },
  } as unknown as IWorkflowExecuteAdditionalData;
}

export async function runWorkflow(o: RunOptions): Promise<WorkflowResult> {
  const versioned = o.node?.versioned ?? (o.platform ? new o.platform.node() : new Xiaohongshu());
  const nodeType = versioned.getNodeType(o.typeVersion ?? 1);
  const source = itemSource(o.items ?? [{ json: {} }]);
  const start: INode = {
    id: 'node-0',
    name: 'Source',
    type: SOURCE_TYPE,
    typeVersion: 1,
    position: [0, 0],
    parameters: {},
  };
  const node: INode = {
    id: 'node-1',
    name: NODE_NAME,
    type: o.node?.type ?? o.platform?.type ?? 'n8n-nodes-justoneapi.xiaohongshu',
    typeVersion: o.typeVersion ?? 1,
    position: [200, 0],
    parameters: o.parameters,
    ...(o.retryOnFail
      ? {
          retryOnFail: true,
          maxTries: o.retryOnFail.maxTries,
          waitBetweenTries: o.retryOnFail.waitBetweenTries ?? 0,
        }
      : {}),
    credentials: { justOneApi: { id: 'cred-1', name: 'Just One API' } },
    ...(o.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
  };
  const nodeTypes = {
    getByName: (type: string) => (type === SOURCE_TYPE ? source : nodeType),
    getByNameAndVersion: (type: string) => (type === SOURCE_TYPE ? source : nodeType),
    getKnownTypes: () => ({}),
  } as unknown as INodeTypes;
  const connections = { Source: { main: [[{ node: NODE_NAME, type: 'main' as const, index: 0 }]] } };
  const workflowData = {
    id: 'wf-1',
    name: 'test',
    nodes: [start, node],
    connections,
    active: false,
    settings: { executionOrder: 'v1' as const },
  };
  const workflow = new Workflow({ ...workflowData, nodeTypes });
  const additionalData = additionalDataFor(o.credentials, workflowData);
  const running = new WorkflowExecute(additionalData, 'manual').run({ workflow, startNode: start });
  o.onStart?.(() => running.cancel());
  const run = await running;
  const task = run.data.resultData.runData[NODE_NAME]?.[0];
  const items = task?.data?.main?.[0] ?? [];
  const hints = (task?.hints ?? []) as WorkflowResult['hints'];
  const error = run.data.resultData.error as WorkflowResult['error'];
  return { items, hints, run, ...(error ? { error } : {}) };
}

/** Our node's output items; throws the run's error (as n8n stored it) when the workflow failed. */
export async function runNode(o: RunOptions): Promise<INodeExecutionData[]> {
  const r = await runWorkflow(o);
  if (r.error) throw Object.assign(new Error(r.error.message), r.error);
  return r.items;
}

export interface CredentialTestResult {
  status: 'OK' | 'Error';
  message: string;
}

/**
 * The credential's Test button, as n8n's CredentialsTester (n8n's server package) runs a declarative
 * `test`: n8n-core's RoutingNode sends `test.request` for a temporary No Op node through n8n's
 * httpRequestWithAuthentication (so the credential's `authenticate` adds the token); a thrown request
 * error is reported by its status or error code; then the `responseSuccessBody` rules are checked in
 * order, each failing the Test when `body[key] === value` (n8n uses lodash `get`; our keys are plain).
 */
export async function testCredential(data: ICredentialDataDecryptedObject): Promise<CredentialTestResult> {
  const { test } = new JustOneApi();
  const nodeType = {
    description: {
      displayName: 'No Operation, do nothing',
      name: 'n8n-nodes-base.noOp',
      group: ['organization'],
      version: 1,
      description: '',
      defaults: { name: 'No Operation' },
      inputs: ['main'],
      outputs: ['main'],
      credentials: [{ name: 'justOneApi', required: true }],
      properties: [
        {
          displayName: 'Temp',
          name: 'temp',
          type: 'string',
          routing: { request: test.request },
          default: '',
        },
      ],
    },
  } as unknown as INodeType;
  const node: INode = {
    id: 'temp',
    name: 'Temp-Node',
    type: nodeType.description.name,
    typeVersion: 1,
    position: [0, 0],
    parameters: {},
    credentials: { justOneApi: { id: 'cred-1', name: 'Just One API' } },
  };
  const nodeTypes = {
    getByName: () => nodeType,
    getByNameAndVersion: () => nodeType,
    getKnownTypes: () => ({}),
  } as unknown as INodeTypes;
  const workflowData = { nodes: [node], connections: {}, active: false };
  const workflow = new Workflow({ ...workflowData, nodeTypes });
  const context = new ExecuteContext(
    workflow,
    node,
    additionalDataFor(data, workflowData),
    'internal',
    createRunExecutionData(),
    0,
    [],
    { main: [[{ json: {} }]] },
    { node, data: {}, source: null },
    [],
  );
  const decrypted = {
    id: 'cred-1',
    name: 'Just One API',
    type: 'justOneApi',
    data: { ...data },
  } as ICredentialsDecrypted;
  let response: INodeExecutionData[][] | null | undefined;
  try {
    response = await new RoutingNode(context, nodeType, decrypted).runNode();
  } catch (error) {
    const e = error as {
      message: string;
      cause?: { code?: string; response?: { status: number; statusText?: string } };
    };
    if (e.cause?.response)
      return {
        status: 'Error',
        message: e.cause.response.statusText || `Received HTTP status code: ${e.cause.response.status}`,
      };
    return { status: 'Error', message: e.cause?.code ?? e.message };
  }
  return ruleVerdict(response![0]![0]!.json);
}

/** n8n's rule loop for a declarative Test: the first `responseSuccessBody` rule with `body[key] === value` fails it. */
export function ruleVerdict(body: unknown): CredentialTestResult {
  const { test } = new JustOneApi();
  for (const rule of (test.rules ?? []) as IAuthenticateRuleResponseSuccessBody[]) {
    const value =
      body === null || body === undefined
        ? undefined
        : (body as Record<string, unknown>)[rule.properties.key];
    if (rule.type === 'responseSuccessBody' && value === rule.properties.value)
      return { status: 'Error', message: rule.properties.message };
  }
  return { status: 'OK', message: 'Connection successful!' };
}

export interface PollOptions {
  parameters: INodeParameters;
  credentials: ICredentialDataDecryptedObject;
  /** 'trigger' for an activated workflow's scheduled poll, 'manual' for the editor's Fetch Test Event. */
  mode?: 'trigger' | 'manual';
  /** The workflow's static data from the previous poll (n8n saves it with the workflow). */
  staticData?: IDataObject;
  /** The trigger's version (default 1). */
  typeVersion?: number;
  /** The workflow's id (default "wf-poll"). */
  workflowId?: string;
}

export interface PollResult {
  /** What poll() returned: the items of the execution it starts, or null (no execution). */
  items: INodeExecutionData[] | null;
  /** The workflow's static data after the poll, as n8n would save it. */
  staticData: IDataObject;
  /** Whether n8n would save the static data after this poll (its ObservableObject's change flag). */
  changed: boolean;
}

/**
 * One poll of the trigger as n8n's ActiveWorkflows runs it: n8n-core's PollContext for the workflow
 * (its getWorkflowStaticData('node'), getMode(), getNodeParameter and httpRequestWithAuthentication),
 * then the node's poll(). The static data goes into the next poll's workflow, as n8n saves it in between.
 */
export async function runPoll(o: PollOptions): Promise<PollResult> {
  const nodeType = new JustOneApiTrigger().getNodeType(o.typeVersion ?? 1);
  const node: INode = {
    id: 'trigger-1',
    name: 'Trigger',
    type: 'n8n-nodes-justoneapi.justOneApiTrigger',
    typeVersion: o.typeVersion ?? 1,
    position: [0, 0],
    parameters: o.parameters,
    credentials: { justOneApi: { id: 'cred-1', name: 'Just One API' } },
  };
  const nodeTypes = {
    getByName: () => nodeType,
    getByNameAndVersion: () => nodeType,
    getKnownTypes: () => ({}),
  } as unknown as INodeTypes;
  const workflowData = {
    id: o.workflowId ?? 'wf-poll',
    name: 'poll test',
    nodes: [node],
    connections: {},
    active: true,
    settings: { executionOrder: 'v1' as const },
    staticData: structuredClone(o.staticData ?? {}),
  };
  const workflow = new Workflow({ ...workflowData, nodeTypes });
  const mode = o.mode ?? 'trigger';
  const context = new PollContext(
    workflow,
    workflow.getNode('Trigger')!,
    additionalDataFor(o.credentials, workflowData),
    mode,
    mode === 'manual' ? 'manual' : 'activate',
  );
  const out = await nodeType.poll!.call(context);
  return {
    items: out?.[0] ?? null,
    staticData: JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject,
    changed: (workflow.staticData as { __dataChanged?: boolean }).__dataChanged === true,
  };
}
