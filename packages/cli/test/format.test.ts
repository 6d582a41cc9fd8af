import { describe, expect, it } from 'vitest';
import { columnsThatFit, displayWidth, neutralise, toCsv, toTable, unionColumns } from '../src/format.js';

describe('CSV', () => {
  it('neutralises text cells starting with = + - @, a tab or a carriage return (OWASP), not numbers', () => {
    const rows = [
      { a: '=HYPERLINK("http://evil","x")', b: '+1', c: '-2', d: '@SUM(A1)', e: '\tx', f: '\rx' },
      { a: 'plain', b: -5, c: 'a=b', d: null, e: true, f: '' },
    ];
    const csv = toCsv(rows, ['a', 'b', 'c', 'd', 'e', 'f']);
    expect(csv.split('\r\n')).toEqual([
      'a,b,c,d,e,f',
      `"'=HYPERLINK(""http://evil"",""x"")",'+1,'-2,'@SUM(A1),'\tx,"'\rx"`,
      'plain,-5,a=b,,true,',
      '',
    ]);
    expect(neutralise('-')).toBe("'-");
    expect(neutralise('x-')).toBe('x-');
  });

  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(toCsv([{ a: 'x,y', b: 'say "hi"', c: 'two\nlines' }], ['a', 'b', 'c'])).toBe(
      'a,b,c\r\n"x,y","say ""hi""","two\nlines"\r\n',
    );
  });
});

describe('table', () => {
  it('aligns CJK text by display width and cuts long cells', () => {
    expect(displayWidth('咖啡a')).toBe(5);
    const t = toTable(
      [
        { name: '咖啡', n: 1 },
        { name: 'x'.repeat(40), n: 22 },
      ],
      ['name', 'n'],
    );
    const [head, , first, second] = t.split('\n');
    expect(head).toBe(`name${' '.repeat(28)}  n`);
    expect(first).toBe(`咖啡${' '.repeat(28)}  1`);
    expect(second).toBe(`${'x'.repeat(31)}…  22`);
  });

  it('keeps a table in one line per row: control characters become spaces', () => {
    expect(toTable([{ a: 'x\r\ny\u001b[31m' }], ['a']).split('\n')[2]).toBe('x y [31m');
  });

  it('picks the leading columns that fit the terminal, and the union of columns of unlike rows', () => {
    const rows = [{ a: 'x'.repeat(10), b: 'y'.repeat(10) }, { c: 'z'.repeat(10) }];
    expect(unionColumns(rows)).toEqual(['a', 'b', 'c']);
    expect(columnsThatFit(rows, ['a', 'b', 'c'], 25)).toEqual(['a', 'b']);
    expect(columnsThatFit(rows, ['a', 'b', 'c'], 5)).toEqual(['a']);
  });
});
