import { beforeAll, describe, expect, it } from 'vitest';
import { initParser } from '../sql/index.js';
import { PgError } from '../errors/index.js';
import { compileTopicFilter, likeRegex } from './topic-predicate.js';
import { parseTopicColumns } from './topic-schema.js';

const columns = parseTopicColumns({ kind: 'text', n: 'bigint', ok: 'boolean', x: 'double precision', at: 'timestamptz', d: 'date', data: 'jsonb' });
const event = (over: Record<string, unknown> = {}) => ({
  _offset: 7,
  _produced_at: '2026-11-22T10:00:00.5+00:00',
  kind: 'Order.Created',
  n: 10,
  ok: true,
  x: 2.5,
  at: '2026-11-22T09:00:00+00:00',
  d: '2026-11-22',
  data: { k: 'v', list: [1, 2], nested: { a: 1 } },
  ...over,
});

const matches = (filter: string, row: Record<string, unknown> = event()) => compileTopicFilter(filter, columns)(row);
const codeOf = (filter: string): string => {
  try {
    compileTopicFilter(filter, columns);
  } catch (e) {
    if (e instanceof PgError) return e.code;
    throw e;
  }
  return 'ok';
};

beforeAll(() => initParser());

describe('topic filters: semantics', () => {
  it.each([
    ["kind = 'Order.Created'", true],
    ["kind <> 'Order.Created'", false],
    ["kind != 'x'", true],
    ['n > 5 AND n <= 10', true],
    ['n < 5 OR x >= 2.5', true],
    ['NOT ok', false],
    ['n IN (1, 2, 10)', true],
    ['n NOT IN (1, 2)', true],
    ['n BETWEEN 10 AND 20', true],
    ['n NOT BETWEEN 1 AND 10', false],
    ["kind LIKE 'Order.%'", true],
    ["kind LIKE 'order.%'", false],
    ["kind ILIKE 'order.%'", true],
    ["kind NOT LIKE '%Created'", false],
    ["kind LIKE 'Order_Created'", true],
    ["lower(kind) = 'order.created'", true],
    ["upper(kind) = 'ORDER.CREATED'", true],
    ['length(kind) = 13', true],
    ["starts_with(kind, 'Order')", true],
    ['n * 2 + 1 = 21', true],
    ['n / 3 = 3', true],
    ['n % 3 = 1', true],
    ['x / 2 = 1.25', true],
    ['-n = -10', true],
    ["kind || '!' = 'Order.Created!'", true],
    ["at > '2026-11-22 08:59:59+00'", true],
    ["at < '2026-11-22 10:30:00+01'", true],
    ["at < '2026-11-22 10:30:00+02'", false],
    ["at = '2026-11-22T11:00:00+02:00'::timestamptz", true],
    ["_produced_at > at", true],
    ['_offset >= 7', true],
    ["d = '2026-11-22'", true],
    ["d < '2026-11-23'::date", true],
    ["data->>'k' = 'v'", true],
    ["data->'nested'->>'a' = '1'", true],
    ["(data->>'missing') IS NULL", true],
    ["data->'list'->>1 = '2'", true],
    ['ok IS TRUE', true],
    ['ok IS NOT FALSE', true],
    ["n::text = '10'", true],
    ["'10'::bigint = n", true],
    ['n = 10.0', true],
    ['true', true],
    ['NULL', false],
  ])('%s → %s', (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it('three-valued logic: NULL columns never match a comparison, IS NULL sees them', () => {
    const row = event({ kind: null, n: null });
    expect(matches("kind = 'x'", row)).toBe(false);
    expect(matches("NOT (kind = 'x')", row)).toBe(false);
    expect(matches('kind IS NULL', row)).toBe(true);
    expect(matches('kind IS NOT NULL', row)).toBe(false);
    expect(matches('n IN (1, 2) OR ok', row)).toBe(true);
    expect(matches('n NOT IN (1, NULL)', event())).toBe(false);
    expect(matches("n > 1 OR kind = 'x'", row)).toBe(false);
  });

  it('a missing key is NULL; a runtime error (division by zero) does not match', () => {
    const { n: _n, ...rest } = event();
    void _n;
    expect(matches('n IS NULL', rest)).toBe(true);
    expect(matches('n / 0 = 1')).toBe(false);
    expect(matches('NOT (n / 0 = 1)')).toBe(false);
  });

  it('LIKE escapes: backslash makes % and _ literal; regex characters are plain', () => {
    expect(likeRegex('a\\%b', false).test('a%b')).toBe(true);
    expect(likeRegex('a\\%b', false).test('axb')).toBe(false);
    expect(likeRegex('(x).*', false).test('(x).*')).toBe(true);
    expect(likeRegex('(x).*', false).test('(x)yz')).toBe(false);
  });
});

describe('topic filters: refusals', () => {
  it.each([
    ['n = (SELECT 1)', '0A000'],
    ['EXISTS (SELECT 1)', '0A000'],
    ['random() > 0.5', '0A000'],
    ["pg_read_file('/etc/passwd') = ''", '0A000'],
    ["jammi.publish('t', '{}') IS NULL", '0A000'],
    ['CASE WHEN ok THEN true END', '0A000'],
    ['n = $1', '0A000'],
    ["kind SIMILAR TO 'a'", '0A000'],
    ['count(*) > 1', '0A000'],
    ['n::numeric > 1', '0A000'],
    ['kind.x = 1', '0A000'],
    ['nope = 1', '42703'],
    ["kind > 5", '42883'],
    ["n = 'abc'", '22P02'],
    ["at > 'not a time'", '22007'],
    ['n + 1', '42804'],
    ["lower(n) = 'x'", '42883'],
    ['n >', '42601'],
    ['true; DROP TABLE x', '42601'],
    ['true UNION SELECT 1', '42601'],
    ['true ORDER BY 1', '42601'],
    ['true GROUP BY 1', '42601'],
    ["data = '{}'", '0A000'],
  ])('%s → %s', (filter, code) => {
    expect(codeOf(filter)).toBe(code);
  });

  it('messages name what is wrong', () => {
    expect(() => compileTopicFilter('n = (SELECT 1)', columns)).toThrow('a subquery is not allowed in a topic filter');
    expect(() => compileTopicFilter('random() > 0', columns)).toThrow('the function random() is not allowed in a topic filter');
    expect(() => compileTopicFilter('nope = 1', columns)).toThrow('column "nope" does not exist');
    expect(() => compileTopicFilter('kind > 5', columns)).toThrow('operator does not exist: text > bigint');
  });
});
