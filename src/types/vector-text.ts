/**
 * A vector written as text — pgvector's `[1,2,3]`, an array's `{1,2,3}`, or DuckDB's list text
 * of a decoded array parameter (`['1.5', '2']`) — as float4s; null when it is not a non-empty
 * list of finite numbers.
 */
export function parseVectorText(text: string): Float32Array | null {
  const t = text.trim();
  const open = t[0];
  if (!((open === '[' && t.endsWith(']')) || (open === '{' && t.endsWith('}')))) return null;
  const body = t.slice(1, -1).trim();
  if (body === '') return null;
  const parts = body.split(',');
  const out = new Float32Array(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const s = parts[i].trim().replace(/^(['"])(.*)\1$/, '$2');
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return null;
    out[i] = Number(s);
    if (!Number.isFinite(out[i])) return null;
  }
  return out;
}
