// Compile-time checks of the generated methods: `pnpm typecheck` (tsc) fails if these stop holding.
import { describe, expectTypeOf, it } from 'vitest';
import {
  createClient,
  type ApiResult,
  type XhsUser,
  type XhsFeedNote,
  type FeedId,
  type UserRecord,
} from '../src/index.js';

describe('generated method types', () => {
  it('types params, data and items from the specs', () => {
    const client = createClient({ token: 't' });
    type Search = typeof client.xiaohongshu.searchUsers;
    expectTypeOf<Parameters<Search>[0]>().toEqualTypeOf<{ keyword: string; page?: number }>();
    expectTypeOf<Awaited<ReturnType<Search>>['data']['users'][number]>().toEqualTypeOf<XhsUser>();
    expectTypeOf<XhsUser['id']>().toEqualTypeOf<string>();
    expectTypeOf<XhsFeedNote['likes']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<FeedId>().toMatchTypeOf<string>();
    expectTypeOf<ReturnType<typeof client.xiaohongshu.getNoteFeed.items>>().toEqualTypeOf<
      AsyncIterable<XhsFeedNote>
    >();
    expectTypeOf<ReturnType<typeof client.xiaohongshu.searchUsers.records>>().toEqualTypeOf<
      AsyncIterable<UserRecord>
    >();
    expectTypeOf<Awaited<ReturnType<typeof client.xiaohongshu.getNoteFeed>>>().toMatchTypeOf<
      ApiResult<XhsFeedNote[]>
    >();

    if (Math.random() > 2) {
      // @ts-expect-error keyword is required
      void client.xiaohongshu.searchUsers({});
      // @ts-expect-error page is a number
      void client.xiaohongshu.searchUsers({ keyword: 'a', page: '2' });
      // @ts-expect-error not one of the 41 feed ids
      void client.xiaohongshu.getNoteFeed({ oid: 'homefeed_fod_v3' });
      // @ts-expect-error no such method
      void client.xiaohongshu.searchNotes;
      void client.xiaohongshu.getNoteFeed();
      void client.xiaohongshu.getNoteFeed({ oid: 'homefeed_food_v3', page: 2 });
    }
  });
});
