// Runs the node's real execute() inside n8n-core's real ExecuteContext, so n8n's own request helper
// (httpRequestWithAuthentication), parameter resolution, continueOnFail and sleep are the ones used.
// The only stand-in is n8n's credentials store (which lives in the n8n server package): it hands out
// the credential data and applies the credential's generic `authenticate` block, as n8n does.
import { ExecuteContext } from 'n8n-core';
import { Workflow, type INode, type INodeExecutionData, type INodeParameters, type IWorkflowExecuteAdditionalData, type INodeTypes, type ICredentialDataDecryptedObject, type IHttpRequestOptions } from 'n8n-workflow';
import { JustOneApi } from '../credentials/JustOneApi.credentials';
import { Xiaohongshu } from '../nodes/Xiaohongshu/Xiaohongshu.node';

export interface RunOptions {
  parameters: INodeParameters;
  credentials: ICredentialDataDecryptedObject;
  items?: INodeExecutionData[];
  continueOnFail?: boolean;
}

export async function runNode(o: RunOptions): Promise<INodeExecutionData[]> {
  const nodeType = new Xiaohongshu();
  const node: INode = {
    id: 'node-1', name: 'XHS', type: 'n8n-nodes-justoneapi.xiaohongshu', typeVersion: 1, position: [0, 0],
    parameters: o.parameters, credentials: { justOneApi: { id: 'cred-1', name: 'Just One API' } },
    ...(o.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
  };
  const nodeTypes: INodeTypes = {
    getByName: () => nodeType,
    getByNameAndVersion: () => nodeType,
    getKnownTypes: () => ({}),
  } as unknown as INodeTypes;
  const workflow = new Workflow({ id: 'wf-1', nodes: [node], connections: {}, active: false, nodeTypes, settings: {} });
  const credential = new JustOneApi();
  const additionalData = {
    executionId: 'exec-1',
    userId: 'user-1',
    variables: {},
    restApiUrl: 'http://127.0.0.1/rest',
    instanceBaseUrl: 'http://127.0.0.1/',
    webhookBaseUrl: '', webhookTestBaseUrl: '', webhookWaitingBaseUrl: '', formWaitingBaseUrl: '',
    credentialsHelper: {
      getParentTypes: () => [],
      isCredentialUsableByNode: () => true,
      preAuthentication: async () => undefined,
      getDecrypted: async () => o.credentials,
      getCredentialsProperties: () => credential.properties,
      authenticate: async (creds: ICredentialDataDecryptedObject, _type: string, request: IHttpRequestOptions) => ({
        ...request,
        qs: { ...(request.qs ?? {}), token: String(creds.token) },
      }),
    },
  } as unknown as IWorkflowExecuteAdditionalData;
  const items = o.items ?? [{ json: {} }];
  const runExecutionData = {
    startData: {},
    resultData: { runData: {} },
    executionData: { contextData: {}, nodeExecutionStack: [], metadata: {}, waitingExecution: {}, waitingExecutionSource: {} },
  };
  const ctx = new ExecuteContext(
    workflow, node, additionalData, 'manual', runExecutionData as never, 0, items, { main: [items] },
    { node, data: { main: [items] }, source: null }, [], new AbortController().signal,
  );
  const [out] = await nodeType.execute.call(ctx as never);
  return out ?? [];
}
