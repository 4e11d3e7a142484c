import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser } from '../index.js';
import { rewriteJsonbType } from './jsonb-type.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (sql: string) => applyRewrite(rewriteJsonbType, sql);

describe('rewriteJsonbType', () => {
  it('normalises values cast to jsonb', () => {
    expect(normalizeSql(rewrite(`select '{"b":1}'::jsonb, cast(j as pg_catalog.jsonb) from t`).sql)).toBe(
      normalizeSql(`select jammi_pg.main.jsonb_in('{"b":1}'), jammi_pg.main.jsonb_in(j) from t`),
    );
  });

  it('declares jsonb columns as json', () => {
    expect(normalizeSql(rewrite('create table x (a jsonb, b jsonb[])').sql)).toBe(normalizeSql('create table x (a json, b json[])'));
  });

  it('leaves json alone', () => {
    expect(rewrite(`select '{}'::json`).changed).toBe(false);
  });
});
