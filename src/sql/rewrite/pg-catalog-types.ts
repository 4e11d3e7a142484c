import { type AstPath, traverse } from '../ast-traverse.js';
import type { Rewrite } from './rewrite.types.js';

/** Internal type names DuckDB does not know under their Postgres spelling. */
const duckdbSpelling: Record<string, string> = { bpchar: 'varchar', jsonb: 'json', name: 'varchar', regclass: 'varchar', oid: 'bigint' };

/** Type names a user writes unqualified that DuckDB lacks (`'a'::name`); the result-type hints give the column its Postgres OID. */
const unqualifiedSpelling: Record<string, string> = { name: 'varchar' };

/**
 * The Postgres grammar turns SQL-standard type names into `pg_catalog.int4`,
 * `pg_catalog.json`, … DuckDB knows the bare names, so the qualifier is dropped. That alone
 * never changes what a statement means, so it does not by itself force a deparse (DuckDB
 * reads the original spelling fine); a type DuckDB lacks (`name`, qualified or not) is
 * spelled as DuckDB's equivalent, which does.
 */
export const unqualifyBuiltinTypes: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    TypeName(path: AstPath) {
      const names = (path.node as { names?: { String?: { sval?: string } }[] }).names;
      if (names?.length === 1 && unqualifiedSpelling[names[0].String?.sval ?? '']) {
        names[0] = { String: { sval: unqualifiedSpelling[names[0].String?.sval ?? ''] } };
        changed = true;
      }
      if (!names || names.length !== 2 || names[0].String?.sval !== 'pg_catalog') return;
      const t = names[1].String?.sval ?? '';
      names.splice(0, 2, { String: { sval: duckdbSpelling[t] ?? t } });
      changed ||= duckdbSpelling[t] !== undefined;
    },
  });
  return { stmt, changed };
};
