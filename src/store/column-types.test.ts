import { describe, expect, it } from 'vitest';
import { descForOid, PgOid } from '../types/index.js';
import { type EngineColumnInfo, mergeColumn } from './column-types.js';

const col = (duckdbType: string, dflt: string | null = null): EngineColumnInfo => ({ name: 'c', duckdbType, nullable: true, default: dflt });
const engine = (oid: number, typmod = -1) => ({ desc: { ...descForOid(oid), typmod } });
const declared = (name: string, oid: number | null, typmod = -1, dflt: string | null = null) => ({ column: 'c', name, oid, typmod, default: dflt });

describe('mergeColumn', () => {
  it('a declaration that encodes like the engine type wins: varchar(20) over VARCHAR, jsonb over JSON, numeric over DECIMAL(18,3)', () => {
    expect(mergeColumn(col('VARCHAR'), engine(PgOid.text), declared('character varying(20)', 1043, 24))).toMatchObject({ type: 'character varying(20)', oid: 1043, typmod: 24 });
    expect(mergeColumn(col('JSON'), engine(PgOid.json), declared('jsonb', 3802))).toMatchObject({ type: 'jsonb', oid: 3802, typmod: -1 });
    expect(mergeColumn(col('DECIMAL(18,3)'), engine(PgOid.numeric, (18 << 16) + 7), declared('numeric', 1700))).toMatchObject({ type: 'numeric', oid: 1700, typmod: -1 });
    expect(mergeColumn(col('VARCHAR[]'), { desc: descForOid(1009) }, declared('character varying(5)[]', 1015, 9))).toMatchObject({ type: 'character varying(5)[]', oid: 1015, typmod: 9 });
  });

  it('a declaration the column no longer fits is ignored: the engine type decides', () => {
    expect(mergeColumn(col('INTEGER'), engine(PgOid.int4), declared('character varying(20)', 1043, 24))).toMatchObject({ type: 'integer', oid: 23, typmod: -1 });
    expect(mergeColumn(col('VARCHAR[]'), { desc: descForOid(1009) }, declared('character varying(5)', 1043, 9))).toMatchObject({ type: 'text[]', oid: 1009 });
  });

  it('without a declaration the engine type is spelled as Postgres does', () => {
    expect(mergeColumn(col('DECIMAL(10,2)'), engine(PgOid.numeric, 655366), undefined)).toMatchObject({ type: 'numeric(10,2)', oid: 1700, typmod: 655366 });
    expect(mergeColumn(col('TIMESTAMP WITH TIME ZONE'), engine(PgOid.timestamptz), undefined)).toMatchObject({ type: 'timestamp with time zone', oid: 1184 });
  });

  it('an enum keeps its declared name, reports text, and lists its labels', () => {
    const m = mergeColumn(col("ENUM('sad', 'ok')"), { desc: descForOid(PgOid.text), enumLabels: ['sad', 'ok'] }, declared('mood', null));
    expect(m).toMatchObject({ type: 'mood', oid: 25, typmod: -1, enumLabels: ['sad', 'ok'] });
  });

  it("the declared DEFAULT's spelling is shown only while the engine column has a default", () => {
    expect(mergeColumn(col('INTEGER', "nextval('t_id_seq')"), engine(PgOid.int4), declared('integer', 23, -1, "nextval('t_id_seq'::regclass)")).default).toBe("nextval('t_id_seq'::regclass)");
    expect(mergeColumn(col('INTEGER'), engine(PgOid.int4), declared('integer', 23, -1, '5')).default).toBeNull();
    expect(mergeColumn(col('INTEGER', '7'), engine(PgOid.int4), undefined).default).toBe('7');
  });
});
