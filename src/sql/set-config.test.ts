import { beforeAll, describe, expect, it } from 'vitest';
import { initParser, parseStatements } from './index.js';
import { matchSetConfig } from './set-config.js';

beforeAll(async () => {
  await initParser();
});

const match = (sql: string) => matchSetConfig(parseStatements(sql)[0].ast);

describe('matchSetConfig', () => {
  it('recognises a lone set_config call with constant or parameter arguments', () => {
    expect(match("select set_config('search_path', '', false)")).toEqual({
      type: 'set_config',
      name: { kind: 'const', value: 'search_path' },
      value: { kind: 'const', value: '' },
      local: { kind: 'const', value: false },
      column: 'set_config',
    });
    expect(match('select pg_catalog.set_config($1, $2::text, true) as v')).toMatchObject({ name: { kind: 'param', index: 0 }, value: { kind: 'param', index: 1 }, column: 'v' });
  });

  it('leaves set_config in any other shape to the engine', () => {
    expect(match("select set_config('a.b', s, false) from t")).toBeNull();
    expect(match("select set_config('a.b', 'x', false), 1")).toBeNull();
    expect(match("select set_config('a.b', upper('x'), false)")).toBeNull();
    expect(match('select 1')).toBeNull();
  });
});
