import { describe, expect, it } from 'vitest';
import { checkName, foreignKeyName, indexName, makeObjectName, primaryKeyName, sequenceName, uniqueName } from './names.js';

describe("Postgres's names for unnamed objects", () => {
  it('joins table, columns and label', () => {
    const taken = new Set<string>();
    expect(primaryKeyName('users', taken)).toBe('users_pkey');
    expect(uniqueName('users', ['email'], taken)).toBe('users_email_key');
    expect(uniqueName('pairs', ['c', 'a'], taken)).toBe('pairs_c_a_key');
    expect(checkName('users', ['age'], taken)).toBe('users_age_check');
    expect(checkName('pairs', ['a', 'b'], taken)).toBe('pairs_check');
    expect(checkName('pairs', ['a', 'a'], taken)).toBe('pairs_a_check');
    expect(foreignKeyName('orders', ['user_id'], taken)).toBe('orders_user_id_fkey');
    expect(indexName('orders', ['user_id'], taken)).toBe('orders_user_id_idx');
    expect(sequenceName('users', 'id', taken)).toBe('users_id_seq');
  });

  it('numbers the label on a clash', () => {
    const taken = new Set(['t_a_check', 't_a_check1']);
    expect(checkName('t', ['a'], taken)).toBe('t_a_check2');
    expect(indexName('t', ['a'], taken)).toBe('t_a_idx');
    expect(indexName('t', ['a'], taken)).toBe('t_a_idx1');
  });

  it('shortens the longer name first so the whole fits in 63 bytes, as makeObjectName does', () => {
    // Both checked against PostgreSQL 15.
    expect(sequenceName('a_very_long_table_name_that_goes_on_and_on_and_on_forever_and_e', 'id', new Set())).toBe('a_very_long_table_name_that_goes_on_and_on_and_on_foreve_id_seq');
    expect(uniqueName('tt_long_unique', ['a_very_long_column_name_number_one_that_is_long', 'another_extremely_long_column_name_two'], new Set())).toBe('tt_long_unique_a_very_long_column_name_number_one_that_is_l_key');
    expect(makeObjectName('t', null, 'pkey')).toBe('t_pkey');
    // Never splits a multi-byte character.
    expect(makeObjectName('é'.repeat(40), 'x', 'idx')).toBe('é'.repeat(28) + '_x_idx');
  });
});
