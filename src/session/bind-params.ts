import type { EngineParam } from '../engine/index.js';
import { PgError, SqlStates } from '../errors/index.js';
import { decodeParam, PgOid } from '../types/index.js';
import type { FormatCode } from '../wire/index.js';
import type { PreparedStatement } from './session.js';

/** Decode Bind's parameter values by the statement's parameter types and the given formats. */
export function decodeBindParams(name: string, stmt: PreparedStatement, raw: readonly (Buffer | null)[], formats: readonly FormatCode[]): EngineParam[] {
  const expected = stmt.paramOids.length;
  if (raw.length !== expected) {
    throw new PgError(SqlStates.protocol_violation, `bind message supplies ${raw.length} parameters, but prepared statement "${name}" requires ${expected}`);
  }
  if (formats.length > 1 && formats.length !== raw.length) {
    throw new PgError(SqlStates.protocol_violation, `bind message has ${formats.length} parameter formats but ${raw.length} parameters`);
  }
  return raw.map((value, i) => {
    const format = (formats.length === 0 ? 0 : formats.length === 1 ? formats[0] : formats[i]) as FormatCode;
    const declared = stmt.paramOids[i] ?? 0;
    // jammi's own functions (create_topic's columns) read a jsonb argument as the client wrote it: key order is meaningful there.
    const oid = declared === PgOid.jsonb && stmt.route?.kind === 'admin' ? PgOid.json : declared;
    const blob = stmt.engine?.paramTypes[i]?.typeId === 18 || oid === PgOid.bytea;
    return decodeParam(value, format, oid, blob);
  });
}
