// Compile-time checks of the generated methods: `pnpm typecheck` (tsc) fails if these stop holding.
import { describe, expectTypeOf, it } from 'vitest';
import {
  createClient,
  type ApiResult,
  type NoteRecord,
  type ResponseDataOf,
  type XiaohongshuSearchUsersParams,
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
      // the short names the README documents are part of the type
      void client.xiaohongshu.getNoteFeed({ oid: 'food' });
    }
  });

  it('types records, call(), aliases and every platform', async () => {
    const client = createClient({ token: 't' });
    type Users = typeof client.xiaohongshu.searchUsers;
    expectTypeOf<Parameters<Users>[0]>().toEqualTypeOf<XiaohongshuSearchUsersParams>();
    expectTypeOf<UserRecord['followers']>().toEqualTypeOf<number | null>();
    expectTypeOf<UserRecord['verified']>().toEqualTypeOf<boolean>();
    expectTypeOf<NoteRecord['published_at']>().toEqualTypeOf<string | null>();
    expectTypeOf(client.xiaohongshu.searchUserV2).toEqualTypeOf(client.xiaohongshu.searchUsers);
    expectTypeOf<Awaited<ReturnType<typeof client.douyin.searchVideoV4>>['code']>().toEqualTypeOf<0>();
    expectTypeOf<Parameters<typeof client.douyin.searchVideoV4>[0]['keyword']>().toEqualTypeOf<string>();
    expectTypeOf<Awaited<ReturnType<typeof client.call<'xiaohongshu.searchUsers'>>>['data']>().toEqualTypeOf<
      ResponseDataOf<'xiaohongshu.searchUsers'>
    >();
    if (Math.random() > 2) {
      const users: UserRecord[] = [];
      // @ts-expect-error a misspelled record column is a compile error
      void users[0]?.nmae;
      const { data } = await client.xiaohongshu.searchUsers({ keyword: 'a' });
      // @ts-expect-error a misspelled response field is a compile error where the vendor documents the shape
      void data.users[0]?.nmae;
      // @ts-expect-error unknown operation id
      void client.call('xiaohongshu.nope');
      // @ts-expect-error params of another operation
      void client.call('douyin.searchVideoV4', { oid: 'food' });
      for await (const row of client.xiaohongshu.getNoteFeed.records()) {
        // @ts-expect-error a misspelled column
        void row.titel;
      }
    }
  });
});
