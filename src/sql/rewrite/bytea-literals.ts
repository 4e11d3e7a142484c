import { type AstPath, traverse } from '../ast-traverse.js';
import { PgError, SqlStates } from '../../errors/index.js';
import type { Rewrite } from './rewrite.types.js';

interface CastNode {
  arg?: { A_Const?: { sval?: { sval?: string } } };
  typeName?: { names?: { String?: { sval?: string } }[]; arrayBounds?: unknown[] };
}

/**
 * Postgres reads a bytea literal as hex (`'\x0102'`) or in the escape format (`\\` and
 * `\ooo` octal); DuckDB reads `\xHH` per byte and everything else as text. A string
 * constant cast to bytea is decoded here, by Postgres's rules, and re-spelled for DuckDB.
 */
export const rewriteByteaLiterals: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    TypeCast(path: AstPath) {
      const node = path.node as CastNode;
      const names = node.typeName?.names ?? [];
      const type = names[names.length - 1]?.String?.sval;
      const value = node.arg?.A_Const?.sval?.sval;
      if (type !== 'bytea' || node.typeName?.arrayBounds || value === undefined) return;
      node.arg!.A_Const!.sval!.sval = duckdbBlobLiteral(decodeByteaInput(value));
      changed = true;
    },
  });
  return { stmt, changed };
};

/** Postgres's bytea input: `\x` hex, else the escape format. Bad input is 22P02 as in Postgres. */
export function decodeByteaInput(text: string): Buffer {
  if (text.startsWith('\\x')) {
    const hex = text.slice(2).replace(/\s+/g, '');
    if (hex.length % 2 !== 0 || /[^0-9a-fA-F]/.test(hex)) throw new PgError(SqlStates.invalid_text_representation, `invalid hexadecimal data: odd number of digits or bad digit`);
    return Buffer.from(hex, 'hex');
  }
  const out: number[] = [];
  const raw = Buffer.from(text, 'utf8');
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== 0x5c) {
      out.push(raw[i]);
      continue;
    }
    if (raw[i + 1] === 0x5c) {
      out.push(0x5c);
      i++;
      continue;
    }
    const oct = raw.subarray(i + 1, i + 4).toString('latin1');
    if (!/^[0-3][0-7][0-7]$/.test(oct)) throw new PgError(SqlStates.invalid_text_representation, 'invalid input syntax for type bytea');
    out.push(parseInt(oct, 8));
    i += 3;
  }
  return Buffer.from(out);
}

/** DuckDB's string → BLOB spelling: printable ASCII as is, every other byte (and `\`) as `\xHH`. */
function duckdbBlobLiteral(bytes: Buffer): string {
  let s = '';
  for (const b of bytes) s += b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0').toUpperCase()}`;
  return s;
}
