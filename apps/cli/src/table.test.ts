import { describe, expect, it } from 'vitest';
import { textTable } from './table.js';

const rows = [
  {
    id: 'a'.repeat(32),
    name: 'a rather long name for a personal access token',
    owner: 'Somebody With A Long Name',
    scope: 'sp:my-personal-access-tokens:read sp:my-personal-access-tokens:manage',
  },
  { id: 'b'.repeat(32), name: 'short', owner: 'Sam', scope: 'sp:scopes:all' },
];
const columns = ['id', 'name', 'owner', 'scope'];

describe('textTable', () => {
  it('fits a terminal of 80 columns: the widest columns shrink with an ellipsis, ids stay whole, no line wraps', () => {
    const table = textTable(rows, columns, { colour: false, width: 80, keep: ['id'] });
    const lines = table.trimEnd().split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(lines[1]).toContain('a'.repeat(32));
    expect(lines[2]).toContain('b'.repeat(32));
    expect(table).toContain('…');
    expect(lines[2]).toMatch(/short\s+Sam\s+sp:scopes:all/);
  });

  it('leaves a table that fits as it is, and does not cut without a width', () => {
    const wide = textTable(rows, columns);
    expect(wide).not.toContain('…');
    expect(textTable(rows, columns, { colour: false, width: 400, keep: ['id'] })).toBe(wide);
  });

  it('cuts a line rather than wrap it when kept columns alone are too wide', () => {
    const table = textTable(rows, ['id', 'id'], { colour: false, width: 40, keep: ['id'] });
    for (const line of table.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(40);
  });
});
