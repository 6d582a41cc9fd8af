// The command tree over a catalog with the fields the full vendor catalog has (hidden, deprecated,
// aliases, several platforms), so the rules hold whatever the generated catalog contains today.
import { describe, expect, it } from 'vitest';
import { documentedOperations, type DocumentedOperation } from '@justoneapi/sdk/core';
import { fold, kebab, parseArgv } from '../src/args.js';
import {
  describeOperation,
  findOperationIn,
  findPlatform,
  listRows,
  operationHelp,
  platforms,
} from '../src/catalog.js';

const base = documentedOperations.find((o) => o.id === 'xiaohongshu.searchUsers')!;
const op = (over: Partial<DocumentedOperation>): DocumentedOperation => ({ ...base, ...over });
const catalog = [
  op({ id: 'douyinXingtu.searchAuthorV1', namespace: 'douyinXingtu', method: 'searchAuthorV1' }),
  op({ id: 'douyinXingtu.oldSearchV1', namespace: 'douyinXingtu', method: 'oldSearchV1', deprecated: true }),
  op({ id: 'douyinXingtu.secretV1', namespace: 'douyinXingtu', method: 'secretV1', hidden: true }),
  op({ id: 'xiaohongshu.searchUsers', aliases: ['searchUserV2'], version: 'v2' }),
];
const docs = [
  {
    id: 'douyinXingtu',
    vendorId: 'douyin-creator-marketplace-xingtu',
    name: { en: 'Douyin Creator Marketplace (Xingtu)', zh: '巨量星图' },
    aliases: ['Xingtu', '巨量星图', '星图'],
    description: '',
  },
  {
    id: 'xiaohongshu',
    vendorId: 'xiaohongshu-rednote',
    name: { en: 'Xiaohongshu (RedNote)', zh: '小红书' },
    aliases: ['RedNote', 'XHS', '小红书'],
    description: '',
  },
];
const all = platforms(catalog, docs);

describe('names', () => {
  it('kebab-cases SDK names and compares names without case, dashes or underscores', () => {
    expect(kebab('searchUserV2')).toBe('search-user-v2');
    expect(kebab('douyinXingtu')).toBe('douyin-xingtu');
    expect(kebab('last_buffer')).toBe('last-buffer');
    expect(fold('Search_User-V2')).toBe(fold('searchuserv2'));
  });

  it('finds a platform by command, namespace, name or alias, with a suggestion for a typo', () => {
    for (const name of ['douyin-xingtu', 'douyinXingtu', 'xingtu', '星图', '巨量星图'])
      expect(findPlatform(name, all).id).toBe('douyinXingtu');
    for (const name of ['xhs', 'RedNote', '小红书', 'xiaohongshu'])
      expect(findPlatform(name, all).id).toBe('xiaohongshu');
    expect(() => findPlatform('douyin-xingtuu', all)).toThrow(/Did you mean "douyin-xingtu"/);
  });

  it('finds an operation by kebab-case name, method name or alias', () => {
    const xhs = findPlatform('xhs', all);
    for (const name of ['search-users', 'searchUsers', 'search-user-v2', 'searchUserV2'])
      expect(findOperationIn(xhs, name).id).toBe('xiaohongshu.searchUsers');
    expect(() => findOperationIn(xhs, 'search-user-v3')).toThrow(/Did you mean/);
  });
});

describe('list, help and describe', () => {
  it('lists hidden operations only when asked, and marks deprecated ones', () => {
    const shown = listRows(all, false);
    expect(shown.map((r) => r.operation)).toEqual(['search-author-v1', 'old-search-v1', 'search-users']);
    expect(shown[1]).toMatchObject({ deprecated: true, marks: 'DEPRECATED' });
    expect(listRows(all, true).map((r) => r.operation)).toContain('secret-v1');
  });

  it('says deprecated and hidden in help and describe', () => {
    const xingtu = findPlatform('xingtu', all);
    expect(operationHelp(xingtu, findOperationIn(xingtu, 'old-search-v1'))).toMatch(/DEPRECATED/);
    expect(operationHelp(xingtu, findOperationIn(xingtu, 'secret-v1'))).toMatch(/--all/);
    expect(describeOperation(xingtu, findOperationIn(xingtu, 'secret-v1'))).toMatchObject({
      hidden: true,
      command: 'justoneapi douyin-xingtu secret-v1',
    });
    expect(operationHelp(findPlatform('xhs', all), catalog[3]!)).toContain(
      'Also callable as: searchUsers, search-user-v2, searchUserV2',
    );
  });

  it('gives an operation parameter named like a CLI option the option, and says where the option went', () => {
    const withFormat = op({
      params: [{ ...base.params[0]!, name: 'format', required: false }],
    });
    expect(operationHelp(findPlatform('xhs', all), withFormat)).toContain(
      "--format is this operation's parameter here; the CLI option is --output.",
    );
  });
});

describe('argv', () => {
  it('reads --name value, --name=value, bare flags, -h, -o and --', () => {
    expect(
      parseArgv(['xhs', '--keyword', 'a b', '--raw', '--page=2', '-o', 'csv', '--flag', '--', '--x']),
    ).toEqual({
      positionals: ['xhs', '--x'],
      options: [
        { name: 'keyword', value: 'a b' },
        { name: 'raw', value: true },
        { name: 'page', value: '2' },
        { name: 'output', value: 'csv' },
        { name: 'flag', value: true },
      ],
    });
    expect(parseArgv(['--n', '-5']).options).toEqual([{ name: 'n', value: '-5' }]);
  });
});
