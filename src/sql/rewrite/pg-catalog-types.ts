import { type MutablePath, traverse } from '@pgsql/traverse';
import type { Rewrite } from './rewrite.types.js';

/** Internal type names DuckDB does not know under their Postgres spelling. */
const duckdbSpelling: Record<string, string> = { bpchar: 'varchar', jsonb: 'json', name: 'varchar', regclass: 'varchar', oid: 'bigint' };

/**
 * The Postgres grammar turns SQL-standard type names into `pg_catalog.int4`,
 * `pg_catalog.json`, … DuckDB knows the bare names, so the qualifier is dropped.
 * It never changes what a statement means, so it does not by itself force a deparse
 * (DuckDB reads the original spelling fine); it only matters when another rewrite did.
 */
export const unqualifyBuiltinTypes: Rewrite = (stmt) => {
  traverse(stmt, {
    TypeName(path: MutablePath) {
      const names = (path.node as { names?: { String?: { sval?: string } }[] }).names;
      if (!names || names.length !== 2 || names[0].String?.sval !== 'pg_catalog') return;
      const t = names[1].String?.sval ?? '';
      names.splice(0, 2, { String: { sval: duckdbSpelling[t] ?? t } });
    },
  });
  return { stmt, changed: false };
};
