import { beforeAll, describe, expect, it } from 'vitest';
import { PgError } from '../errors/index.js';
import { fakeResolver } from '../../test/helpers/sql.js';
import { matchAdminCall } from './admin-functions.js';
import { adminFunctions, initParser, parseStatements, planStatement } from './index.js';

beforeAll(async () => {
  await initParser();
});

const astOf = (sql: string) => parseStatements(sql)[0].ast;

/** [function name, args] of a matched call. */
const call = (sql: string) => {
  const c = matchAdminCall(astOf(sql));
  return c && [c.fn.name, c.args];
};

/** The PgError matching `sql` throws, as [code, message]. */
function errorOf(sql: string): [string, string] {
  try {
    matchAdminCall(astOf(sql));
  } catch (e) {
    expect(e).toBeInstanceOf(PgError);
    return [(e as PgError).code, (e as PgError).message];
  }
  throw new Error(`expected ${sql} to throw`);
}

const c = (value: string | number | boolean | null) => ({ kind: 'const', value });
const p = (index: number) => ({ kind: 'param', index });

describe('matchAdminCall: recognised calls', () => {
  it('statements without a jammi.* function are not admin calls', () => {
    expect(matchAdminCall(astOf('select add_source(1)'))).toBeNull();
    expect(matchAdminCall(astOf('select * from other.add_source(1)'))).toBeNull();
    expect(matchAdminCall(astOf('select 1'))).toBeNull();
    expect(matchAdminCall(astOf('insert into t values (1)'))).toBeNull();
  });

  it('SELECT * FROM jammi.f(...) and SELECT jammi.f(...), positional', () => {
    expect(call("select * from jammi.add_source('trips', 'file:///d/trips.parquet', '{\"format\":\"parquet\"}')")).toEqual([
      'add_source',
      [c('trips'), c('file:///d/trips.parquet'), c('{"format":"parquet"}')],
    ]);
    expect(call("select jammi.remove_source('trips')")).toEqual(['remove_source', [c('trips')]]);
    expect(call("SELECT * FROM jammi.refresh_source('trips')")).toEqual(['refresh_source', [c('trips')]]);
  });

  it('an omitted optional argument takes its default', () => {
    expect(call("select * from jammi.add_source('a', 'b')")).toEqual(['add_source', [c('a'), c('b'), c('{}')]]);
  });

  it('named arguments (=> and :=), in any order, mixed with positional', () => {
    expect(call("select * from jammi.add_source(uri => 'u', name => 'n')")).toEqual(['add_source', [c('n'), c('u'), c('{}')]]);
    expect(call("select * from jammi.add_source('n', options := '{\"x\":1}', uri => 'u')")).toEqual(['add_source', [c('n'), c('u'), c('{"x":1}')]]);
  });

  it('$n parameters become zero-based parameter indexes', () => {
    expect(call('select * from jammi.add_source($2, $1, $3)')).toEqual(['add_source', [p(1), p(0), p(2)]]);
    expect(call('select jammi.remove_source(name => $1)')).toEqual(['remove_source', [p(0)]]);
  });

  it('casts around constants and parameters are looked through', () => {
    expect(call("select * from jammi.add_source('a'::text, $1::text, '{}'::jsonb)")).toEqual(['add_source', [c('a'), p(0), c('{}')]]);
  });

  it('non-string constants keep their JS type', () => {
    expect(call('select jammi.remove_source(42)')).toEqual(['remove_source', [c(42)]]);
    expect(call('select jammi.remove_source(true)')).toEqual(['remove_source', [c(true)]]);
    expect(call('select jammi.remove_source(null)')).toEqual(['remove_source', [c(null)]]);
  });

  it('an alias on the single target is harmless', () => {
    expect(call("select jammi.remove_source('a') as r")).toEqual(['remove_source', [c('a')]]);
  });

  it('planStatement routes a call as admin with its spec', () => {
    const r = planStatement(parseStatements("select jammi.remove_source('x')")[0], { resolver: fakeResolver() });
    expect(r.kind === 'admin' && r.call.fn).toBe(adminFunctions.get('remove_source'));
    expect(r.kind === 'admin' && r.call.fn.columns.map((col) => [col.name, col.oid])).toEqual([
      ['source_id', 25],
      ['removed', 16],
    ]);
  });

  it('the catalogue of admin functions', () => {
    expect([...adminFunctions.keys()]).toEqual(['add_source', 'remove_source', 'refresh_source', 'create_topic', 'drop_topic', 'publish', 'subscribe', 'register_model', 'create_embedding_table', 'register_embeddings', 'rebuild_index']);
    expect(adminFunctions.get('register_model')?.columns.map((col) => [col.name, col.oid])).toEqual([
      ['name', 25],
      ['provider', 25],
      ['dimensions', 23],
      ['status', 25],
    ]);
    expect(call("select * from jammi.register_model('emb', 'http', '{\"url\":\"http://h\"}')")).toEqual(['register_model', [c('emb'), c('http'), c('{"url":"http://h"}')]]);
    expect(errorOf("select * from jammi.register_model('emb', 'http')")).toEqual(['42883', 'function jammi.register_model: missing argument "options"']);
    expect(adminFunctions.get('add_source')?.columns.map((col) => [col.name, col.oid])).toEqual([
      ['source_id', 25],
      ['source_type', 25],
      ['uri', 25],
      ['format', 25],
      ['tables', 1009],
      ['columns', 23],
    ]);
  });
});

describe('matchAdminCall: misuse is 0A000', () => {
  const misuse = (fn: string) => ['0A000', `jammi.${fn} must be called alone, as SELECT * FROM jammi.f(...)`];
  it.each([
    ["select jammi.add_source('a', 'b') where true", 'add_source'],
    ["select 1, jammi.remove_source('a')", 'remove_source'],
    ["select * from jammi.remove_source('a') order by 1", 'remove_source'],
    ["select * from jammi.remove_source('a') limit 1", 'remove_source'],
    ["select * from jammi.remove_source('a'), t", 'remove_source'],
    ["select source_id from jammi.remove_source('a')", 'remove_source'],
    ["select * from t where x = jammi.remove_source('a')", 'remove_source'],
    ["select jammi.remove_source('a'), jammi.remove_source('b')", 'remove_source'],
    ["insert into t select * from jammi.remove_source('a')", 'remove_source'],
    ["with x as (select 1) select * from jammi.remove_source('a')", 'remove_source'],
    ["select jammi.remove_source('a') union all select jammi.remove_source('b')", 'remove_source'],
    ["select distinct jammi.remove_source('a')", 'remove_source'],
  ])('%s', (sql, fn) => {
    expect(errorOf(sql)).toEqual(misuse(fn));
  });

  it('an argument that is neither a constant nor a parameter', () => {
    expect(errorOf("select jammi.remove_source(upper('a'))")).toEqual(['0A000', 'arguments of jammi.remove_source must be constants or parameters']);
    expect(errorOf('select jammi.remove_source(1 + 1)')).toEqual(['0A000', 'arguments of jammi.remove_source must be constants or parameters']);
  });
});

describe('matchAdminCall: bad signatures are 42883', () => {
  it.each([
    ['select jammi.nope(1)', 'function jammi.nope(unknown) does not exist'],
    ["select * from jammi.nope('a', 2)", 'function jammi.nope(unknown, unknown) does not exist'],
    ['select jammi.nope()', 'function jammi.nope() does not exist'],
    ["select jammi.add_source('a')", 'function jammi.add_source: missing argument "uri"'],
    ['select jammi.remove_source()', 'function jammi.remove_source: missing argument "name"'],
    ["select jammi.add_source('a', 'b', '{}', 'x')", 'function jammi.add_source takes at most 3 arguments'],
    ['select jammi.remove_source(bogus => 1)', 'function jammi.remove_source has no parameter named "bogus"'],
  ])('%s', (sql, message) => {
    expect(errorOf(sql)).toEqual(['42883', message]);
  });
});
