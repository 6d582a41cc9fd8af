// The realistic fixtures of the sandbox, with the params to ask for them and the columns a person would
// pick from each (by compact name). The rows tests assert these are among the default columns.
export interface FixtureCase {
  op: string;
  params: Record<string, string | number | boolean>;
  picks: { id: string; text: string; author?: string; counts: string[]; date?: string; url: string };
}

export const FIXTURE_CASES: readonly FixtureCase[] = [
  {
    op: 'douyin.searchVideoV4',
    params: { keyword: '咖啡' },
    picks: {
      id: 'aweme_id',
      text: 'desc',
      author: 'author.nickname',
      counts: ['statistics.digg_count', 'statistics.comment_count', 'statistics.share_count'],
      date: 'create_time',
      url: 'share_url',
    },
  },
  {
    op: 'douyin.searchVideoV1',
    params: { keyword: '咖啡' },
    picks: {
      id: 'aweme_id',
      text: 'desc',
      author: 'author.nickname',
      counts: ['statistics.digg_count', 'statistics.comment_count', 'statistics.share_count'],
      date: 'create_time',
      url: 'video.play_addr.url',
    },
  },
  {
    op: 'douyin.getUserVideoListV1',
    params: { secUid: 'MS4wLjABAAAAsample' },
    picks: {
      id: 'aweme_id',
      text: 'desc',
      author: 'author.nickname',
      counts: ['statistics.digg_count', 'statistics.comment_count', 'statistics.share_count'],
      date: 'create_time',
      url: 'share_url',
    },
  },
  {
    op: 'tiktok.searchPostV1',
    params: { keyword: 'coffee' },
    picks: {
      id: 'aweme_id',
      text: 'desc',
      author: 'author.nickname',
      counts: ['statistics.digg_count', 'statistics.comment_count', 'statistics.share_count'],
      date: 'create_time',
      url: 'share_url',
    },
  },
  {
    op: 'kuaishou.searchVideoV2',
    params: { keyword: '咖啡' },
    picks: {
      id: 'photo.id',
      text: 'photo.caption',
      author: 'author.name',
      counts: ['photo.realLikeCount', 'photo.commentCount'],
      date: 'photo.timestamp',
      url: 'photo.photoUrl',
    },
  },
  {
    op: 'bilibili.searchVideoV2',
    params: { keyword: '咖啡' },
    picks: {
      id: 'bvid',
      text: 'title',
      author: 'author',
      counts: ['play', 'like', 'review', 'favorites'],
      date: 'pubdate',
      url: 'arcurl',
    },
  },
  {
    op: 'weibo.searchAllV2',
    params: { q: '咖啡', startDay: '2026-01-01', startHour: 0, endDay: '2026-01-02', endHour: 23 },
    picks: {
      id: 'id',
      text: 'text',
      author: 'user.screen_name',
      counts: ['reposts_count', 'comments_count', 'attitudes_count'],
      date: 'created_at',
      url: 'scheme',
    },
  },
  {
    op: 'xiaohongshu.searchNoteV2',
    params: { keyword: '咖啡' },
    picks: {
      id: 'id',
      text: 'title',
      author: 'user.nickname',
      counts: ['liked_count', 'comments_count', 'shared_count'],
      date: 'timestamp',
      url: 'images_list.url',
    },
  },
  {
    op: 'amazon.searchProductsV1',
    params: { keyword: 'coffee grinder' },
    picks: {
      id: 'asin',
      text: 'product_title',
      counts: ['product_price', 'product_star_rating', 'product_num_ratings'],
      url: 'product_url',
    },
  },
  {
    op: 'taobao.searchItemListV1',
    params: { keyword: '咖啡' },
    picks: {
      id: 'item_id',
      text: 'title',
      author: 'nick',
      counts: ['price', 'commentCount'],
      url: 'auctionURL',
    },
  },
];
