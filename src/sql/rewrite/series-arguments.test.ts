import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser } from '../index.js';
import { rewriteSeriesArguments } from './series-arguments.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (sql: string) => applyRewrite(rewriteSeriesArguments, sql);

describe('rewriteSeriesArguments', () => {
  it('types untyped string bounds from the typed one, and a date/time step as interval', () => {
    expect(rewrite("select * from generate_series('2024-01-01'::date, '2024-01-03', '1 day')").sql).toBe(
      normalizeSql("select * from generate_series('2024-01-01'::date, '2024-01-03'::date, '1 day'::interval)"),
    );
    expect(rewrite("select generate_series(timestamp '2024-01-01', '2024-01-02', '6 hours')").sql).toBe(
      normalizeSql("select generate_series(timestamp '2024-01-01', '2024-01-02'::timestamp, '6 hours'::interval)"),
    );
    expect(rewrite("select * from generate_series(1::numeric, '2', '0.5')").sql).toBe(normalizeSql("select * from generate_series(1::numeric, '2'::numeric, '0.5'::numeric)"));
  });

  it('leaves calls without a typed bound alone', () => {
    expect(rewrite("select * from generate_series(1, 3)").changed).toBe(false);
    expect(rewrite("select * from generate_series('a', 'b')").changed).toBe(false);
  });
});
