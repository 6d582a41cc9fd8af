import type { OperationId, OperationTypes } from './generated/api.js';

/** Params, data, item and record types by operation id, for code that is generic over operations. */
export type ParamsOf<Id extends OperationId> = OperationTypes[Id]['params'];
export type ResponseDataOf<Id extends OperationId> = OperationTypes[Id]['data'];
export type ItemTypeOf<Id extends OperationId> = OperationTypes[Id]['item'];
export type RecordOf<Id extends OperationId> = OperationTypes[Id]['record'];

/** A user of Xiaohongshu User Search V2. */
export type XhsUser = ItemTypeOf<'xiaohongshu.searchUsers'>;
/** A note of the Xiaohongshu Notes Feed V1. */
export type XhsFeedNote = ItemTypeOf<'xiaohongshu.getNoteFeed'>;
/** A feed id of Notes Feed V1, or one of its short names ("food"). */
export type FeedId = NonNullable<ParamsOf<'xiaohongshu.getNoteFeed'>['oid']>;
