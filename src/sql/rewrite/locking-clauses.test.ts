import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite } from '../../../test/helpers/sql.js';
import { initParser } from '../index.js';
import { dropLockingClauses } from './locking-clauses.js';

beforeAll(async () => {
  await initParser();
});

describe('dropLockingClauses', () => {
  it('drops FOR UPDATE / FOR SHARE / NOWAIT / SKIP LOCKED, also in subqueries', () => {
    expect(applyRewrite(dropLockingClauses, 'SELECT * FROM jobs WHERE id = 1 FOR UPDATE').sql).toBe('SELECT * FROM jobs WHERE id = 1');
    expect(applyRewrite(dropLockingClauses, 'SELECT * FROM jobs ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED').sql).toBe('SELECT * FROM jobs ORDER BY id LIMIT 1');
    expect(applyRewrite(dropLockingClauses, 'SELECT * FROM a FOR SHARE OF a NOWAIT').sql).toBe('SELECT * FROM a');
    expect(applyRewrite(dropLockingClauses, 'UPDATE jobs SET n = 1 WHERE id IN (SELECT id FROM jobs FOR UPDATE)').sql).toBe('UPDATE jobs SET n = 1 WHERE id IN (SELECT id FROM jobs)');
  });
});
