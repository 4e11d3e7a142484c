import { describe, expect, it } from 'vitest';
import { CatalogLookups, type LookupData, parseQualifiedName, quoteIdentifier } from './catalog-lookups.js';

/** Lookup data with every list empty but the ones a test gives. */
const lookupData = (given: Partial<LookupData>): LookupData => ({ classes: [], namespaces: [], types: [], procs: [], indexdefs: [], constraintdefs: [], viewdefs: [], procdefs: [], descriptions: [], serialSequences: [], ...given });

describe('parseQualifiedName', () => {
  it('folds unquoted parts to lower case and keeps quoted ones, with doubled quotes', () => {
    expect(parseQualifiedName('Users')).toEqual({ schema: null, name: 'users' });
    expect(parseQualifiedName('public."My ""T"""')).toEqual({ schema: 'public', name: 'My "T"' });
    expect(parseQualifiedName(' "S".t ')).toEqual({ schema: 'S', name: 't' });
  });

  it('refuses three parts and stray text', () => {
    expect(parseQualifiedName('a.b.c')).toBeNull();
    expect(parseQualifiedName('"db"."public".T', true)).toEqual({ schema: 'public', name: 't' });
    expect(parseQualifiedName('a.b.c.d', true)).toBeNull();
    expect(parseQualifiedName('a b')).toBeNull();
  });
});

describe('quoteIdentifier', () => {
  it("quotes as PostgreSQL 15's catalog output does: reserved words and non-plain names only", () => {
    expect(quoteIdentifier('users')).toBe('users');
    expect(quoteIdentifier('json')).toBe('json');
    expect(quoteIdentifier('user')).toBe('"user"');
    expect(quoteIdentifier('Users')).toBe('"Users"');
    expect(quoteIdentifier('a b')).toBe('"a b"');
  });
});

describe('CatalogLookups.formatType', () => {
  const lookups = new CatalogLookups();
  lookups.update(lookupData({
    namespaces: [
      { oid: 11, nspname: 'pg_catalog' },
      { oid: 16400, nspname: 'shop' },
    ],
    types: [
      { oid: 23, typname: 'int4', typnamespace: 11, typelem: 0, typcategory: 'N', typlen: 4 },
      { oid: 1007, typname: '_int4', typnamespace: 11, typelem: 23, typcategory: 'A', typlen: -1 },
      { oid: 1043, typname: 'varchar', typnamespace: 11, typelem: 0, typcategory: 'S', typlen: -1 },
      { oid: 1015, typname: '_varchar', typnamespace: 11, typelem: 1043, typcategory: 'A', typlen: -1 },
      { oid: 16401, typname: 'Mood', typnamespace: 16400, typelem: 0, typcategory: 'E', typlen: 4 },
    ],
  }));

  it("prints Postgres's SQL spellings with typmods, arrays as elem[]", () => {
    expect(lookups.formatType(23, -1)).toBe('integer');
    expect(lookups.formatType(1043, 24)).toBe('character varying(20)');
    expect(lookups.formatType(1015, 24)).toBe('character varying(20)[]');
    expect(lookups.formatType(1007, null)).toBe('integer[]');
    expect(lookups.formatType(1700, 655366)).toBe('numeric(10,2)');
    expect(lookups.formatType(1042, null)).toBe('bpchar');
    expect(lookups.formatType(1042, -1)).toBe('character');
    expect(lookups.formatType(1184, 3)).toBe('timestamp(3) with time zone');
  });

  it('qualifies and quotes a type outside the search path, and says ??? for an unknown OID', () => {
    expect(lookups.formatType(16401, -1)).toBe('shop."Mood"');
    expect(lookups.formatType(99999, -1)).toBe('???');
  });
});

describe('CatalogLookups.serialSequence', () => {
  const lookups = new CatalogLookups();
  lookups.update(lookupData({
    classes: [
      { oid: 16500, relname: 'users', relnamespace: 2200 },
      { oid: 16510, relname: 'Odd', relnamespace: 16400 },
    ],
    namespaces: [
      { oid: 11, nspname: 'pg_catalog' },
      { oid: 2200, nspname: 'public' },
      { oid: 16400, nspname: 'App' },
    ],
    serialSequences: [
      { relid: 16500, attname: 'id', seq: 'public.users_id_seq' },
      { relid: 16510, attname: 'Id', seq: '"App"."Odd_Id_seq"' },
    ],
  }));

  it('answers the qualified sequence of a serial or identity column, by regclass text and attname', () => {
    expect(lookups.serialSequence('users', 'id')).toBe('public.users_id_seq');
    expect(lookups.serialSequence('public.users', 'id')).toBe('public.users_id_seq');
    expect(lookups.serialSequence('"App"."Odd"', 'Id')).toBe('"App"."Odd_Id_seq"');
    expect(lookups.serialSequence('"App"."Odd"', '"Id"')).toBe('"App"."Odd_Id_seq"');
  });

  it('is NULL for a column without a sequence and for an unknown table', () => {
    expect(lookups.serialSequence('users', 'name')).toBeNull();
    expect(lookups.serialSequence('nope', 'id')).toBeNull();
  });
});
