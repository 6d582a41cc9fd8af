// Catalog search in English and Chinese: platform names narrow the field, words and Chinese bigrams rank.
import { documentedOperations } from '@justoneapi/sdk/core';
import { describe, expect, it } from 'vitest';
import { searchOperations } from '../src/search.js';

const top = (q: string, n = 3) => searchOperations(q, n).map((h) => h.id);

describe('searchOperations', () => {
  it.each([
    ['tiktok user profile', 'tiktok.getUserDetailV1'],
    ['抖音 视频 评论', 'douyin.getVideoCommentV1'],
    ['bilibili comments', 'bilibili.getVideoCommentV2'],
    ['weibo hot search', 'weibo.hotSearchV1'],
    ['小红书笔记详情', 'xiaohongshu.getNoteDetailV6'],
    ['note comments xiaohongshu', 'xiaohongshu.getNoteCommentV2'],
    ['douyin user videos', 'douyin.getUserVideoListV3'],
  ])('%s → %s', (query, id) => {
    expect(top(query)).toContain(id);
  });

  it('keeps to the platform named, in any of its names', () => {
    for (const q of ['xhs search', '小红书 搜索', 'rednote search'])
      expect(searchOperations(q, 8).every((h) => h.id.startsWith('xiaohongshu.'))).toBe(true);
  });

  it('leaves out operations the vendor hides, and marks deprecated ones', () => {
    const hidden = documentedOperations.filter((op) => op.hidden);
    expect(hidden.length).toBeGreaterThan(0);
    for (const op of hidden) {
      const hits = searchOperations(`${op.namespace} ${op.summary.en}`, 400).map((h) => h.id);
      expect(hits).not.toContain(op.id);
    }
    expect(searchOperations('search', 400).some((h) => h.deprecated)).toBe(true);
  });
});
