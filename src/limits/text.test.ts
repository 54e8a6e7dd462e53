/** The text check of src/limits/text.ts: what is refused, and the paths it names. */
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { textProblem, textProblems } from './text.ts';

describe('textProblem', () => {
  it('refuses C0 controls but TAB, LF and CR, DEL, C1 and lone surrogates; accepts Vietnamese text and emoji', () => {
    for (const bad of ['\u0000', 'a\u0001', '\u000b', '\u001f', '\u007f', '\u0080', '\u009f', '\ud800', 'x\udc00'])
      expect(textProblem(bad), JSON.stringify(bad)).toBeDefined();
    for (const good of ['', 'a\tb\nc\r\n', 'Nguyễn Thị Ánh', '\u00a0', '😀', 'Thôn 3 — xã Đông'])
      expect(textProblem(good), JSON.stringify(good)).toBeUndefined();
  });
});

describe('textProblems', () => {
  it('names the variable path and the literal argument path, directives and default values included', () => {
    const document = parse(`query Q($a: String = "d\\u0000") @x(y: "\\u001b") {
      parcel(communeCode: "1\\u0000", filter: { names: ["ok", "\\u0007"] }) { id }
    }`);
    const variables = { input: { to: [{ organisation: 'ok' }, { organisation: 'B\u0000' }] } };
    expect(textProblems(document, variables).map((problem) => problem.field)).toEqual([
      'a',
      '@x.y',
      'communeCode',
      'filter.names[1]',
      'input.to[1].organisation',
    ]);
  });

  it('walks variables nested far deeper than the call stack, and shortens the path it names', () => {
    let deep: unknown = 'bottom\u0000';
    for (let level = 0; level < 200_000; level += 1) deep = [deep];
    const [problem] = textProblems(parse('{ __typename }'), { ids: deep });
    expect(problem?.field.startsWith('ids[0][0]')).toBe(true);
    expect(problem?.field.length).toBeLessThanOrEqual(201);
  });
});
