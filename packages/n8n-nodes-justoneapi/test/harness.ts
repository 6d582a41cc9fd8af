// Runs a two-node workflow (an item source -> our node) with n8n-core's real WorkflowExecute, as n8n
// runs a manual execution: n8n's own request helper (httpRequestWithAuthentication), expression and
// parameter resolution, continue-on-fail handling, pairedItem checks and error serialization into the
// run data are all n8n's. The only stand-in is n8n's credentials store (it lives in the n8n server
// package): it hands out the decrypted credential data and applies the credential's own generic
// `authenticate` block exactly as n8n's CredentialsHelper does (each value resolved as an expression).
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
  LoggerProxy, Workflow,
  type ICredentialDataDecryptedObject, type IExecuteFunctions, type IHttpRequestOptions, type INode, type INodeExecutionData,
  type INodeParameters, type INodeType, type INodeTypes, type IRun, type IWorkflowBase, type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { JustOneApi } from '../credentials/JustOneApi.credentials';
import { Xiaohongshu } from '../nodes/Xiaohongshu/Xiaohongshu.node';

export interface RunOptions {
  parameters: INodeParameters;
  credentials: ICredentialDataDecryptedObject;
  items?: INodeExecutionData[];
  continueOnFail?: boolean;
  /** Called as the run starts, with what the editor's Stop button does (n8n cancels the execution). */
  onStart?: (cancel: () => void) => void;
}

export interface WorkflowResult {
  /** Our node's output items (first output, first run). */
  items: INodeExecutionData[];
  /** The run's error as n8n stores it in the execution data, when the workflow failed. */
  error?: Record<string, unknown> & { message: string; description?: string | null; name?: string };
  /** Everything n8n produced for the execution. */
  run: IRun;
}

export const NODE_NAME = 'XHS';

/** Every line n8n logs during the runs (through its LoggerProxy), so tests can scan them for the token. */
export const logs: string[] = [];
const capture = (level: string) => (message: string, meta?: object) => void logs.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
LoggerProxy.init({ error: capture('error'), warn: capture('warn'), info: capture('info'), debug: capture('debug') } as Parameters<typeof LoggerProxy.init>[0]);
const SOURCE_TYPE = 'test.itemSource';

/** Stands in for a trigger: outputs the test's input items. */
function itemSource(items: INodeExecutionData[]): INodeType {
  return {
    description: {
      displayName: 'Item Source', name: SOURCE_TYPE, group: ['input'], version: 1, description: '', defaults: { name: 'Source' },
      inputs: ['main'], outputs: ['main'], properties: [],
    },
    async execute(this: IExecuteFunctions) {
      return [items.map((item, i) => ({ ...item, pairedItem: { item: i } }))];
    },
  } as INodeType;
}

export async function runWorkflow(o: RunOptions): Promise<WorkflowResult> {
  const nodeType = new Xiaohongshu();
  const source = itemSource(o.items ?? [{ json: {} }]);
  const start: INode = { id: 'node-0', name: 'Source', type: SOURCE_TYPE, typeVersion: 1, position: [0, 0], parameters: {} };
  const node: INode = {
    id: 'node-1', name: NODE_NAME, type: 'n8n-nodes-justoneapi.xiaohongshu', typeVersion: 1, position: [200, 0],
    parameters: o.parameters, credentials: { justOneApi: { id: 'cred-1', name: 'Just One API' } },
    ...(o.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
  };
  const nodeTypes = {
    getByName: (type: string) => (type === SOURCE_TYPE ? source : nodeType),
    getByNameAndVersion: (type: string) => (type === SOURCE_TYPE ? source : nodeType),
    getKnownTypes: () => ({}),
  } as unknown as INodeTypes;
  const connections = { Source: { main: [[{ node: NODE_NAME, type: 'main' as const, index: 0 }]] } };
  const workflowData = { id: 'wf-1', name: 'test', nodes: [start, node], connections, active: false, settings: { executionOrder: 'v1' as const } };
  const workflow = new Workflow({ ...workflowData, nodeTypes });
  const credential = new JustOneApi();

  const additionalData = {
    executionId: 'exec-1',
    userId: 'user-1',
    variables: {},
    restApiUrl: 'http://127.0.0.1/rest',
    instanceBaseUrl: 'http://127.0.0.1/',
    webhookBaseUrl: 'http://127.0.0.1/webhook', webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
    webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting', formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
    hooks: new ExecutionLifecycleHooks('manual', 'exec-1', workflowData as unknown as IWorkflowBase),
    currentNodeParameters: undefined,
    credentialsHelper: {
      getParentTypes: () => [],
      isCredentialUsableByNode: () => true,
      preAuthentication: async () => undefined,
      getDecrypted: async () => ({ ...o.credentials }),
      getCredentialsProperties: () => credential.properties,
      // n8n's CredentialsHelper.authenticate for a generic `authenticate` block.
      authenticate: async (creds: ICredentialDataDecryptedObject, _type: string, request: IHttpRequestOptions, wf: Workflow, n: INode) => {
        const resolve = (v: string) => wf.expression.getSimpleParameterValue(n, v, 'internal', { $credentials: creds }, undefined, '');
        const out = request as unknown as Record<string, Record<string, unknown>>;
        for (const [outer, values] of Object.entries(credential.authenticate.properties)) {
          out[outer] = { ...(out[outer] ?? {}) };
          for (const [k, v] of Object.entries(values as Record<string, string>)) out[outer][String(resolve(k))] = resolve(v);
        }
        return request;
      },
    },
  } as unknown as IWorkflowExecuteAdditionalData;

  const running = new WorkflowExecute(additionalData, 'manual').run({ workflow, startNode: start });
  o.onStart?.(() => running.cancel());
  const run = await running;
  const items = run.data.resultData.runData[NODE_NAME]?.[0]?.data?.main?.[0] ?? [];
  const error = run.data.resultData.error as WorkflowResult['error'];
  return { items, run, ...(error ? { error } : {}) };
}

/** Our node's output items; throws the run's error (as n8n stored it) when the workflow failed. */
export async function runNode(o: RunOptions): Promise<INodeExecutionData[]> {
  const r = await runWorkflow(o);
  if (r.error) throw Object.assign(new Error(r.error.message), r.error);
  return r.items;
}
