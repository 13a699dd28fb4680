import { describe, expect, it } from 'vitest';
import { toCsv } from './flatten.js';

describe('toCsv', () => {
  it('neutralizes every cell a spreadsheet would run as a formula, quoting included', () => {
    const cells = ['=1+2', '+cmd', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("http://x")'];
    const csv = toCsv(
      cells.map((name) => ({ name })),
      ['name'],
    );
    const lines = csv.split('\r\n').slice(1, -1);
    expect(lines[0]).toBe(`"'=1+2"`);
    expect(lines[6]).toBe(`"'=HYPERLINK(""http://x"")"`);
    // No cell starts with a formula character once its quote is taken off.
    for (const line of csv.split('\r\n').slice(1, -1)) expect(line.replace(/^"/, '')).toMatch(/^'/);
  });

  it('leaves ordinary text alone and quotes what RFC 4180 needs', () => {
    expect(toCsv([{ a: 'plain', b: 'a, b', c: 'say "hi"' }])).toBe('a,b,c\r\nplain,"a, b","say ""hi"""\r\n');
  });
});
