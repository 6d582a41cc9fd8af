import {
  NodeConnectionTypes,
  type IExecuteFunctions,
  type INodeExecutionData,
  type INodeType,
  type INodeTypeDescription,
} from 'n8n-workflow';
import { execute } from './execute';
import { properties, subtitle } from './description';

export class Xiaohongshu implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Xiaohongshu (Just One API)',
    name: 'xiaohongshu',
    icon: { light: 'file:xiaohongshu.svg', dark: 'file:xiaohongshu.dark.svg' },
    group: ['input'],
    version: 1,
    subtitle,
    description:
      'Search Xiaohongshu (RedNote) users by keyword, or read notes from one of 41 recommendation feeds, through Just One API. Returns one item per user or note, de-duplicated across pages. Each page is one paid API call.',
    defaults: { name: 'Xiaohongshu' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'justOneApi', required: true }],
    properties,
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return execute(this);
  }
}
