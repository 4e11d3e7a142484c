/**
 * Scale `v` in place to unit L2 length and return it. The sum is taken in float64 so long
 * vectors lose no precision; a zero vector stays zero (it has no direction to keep).
 */
export function l2Normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  if (sum === 0) return v;
  const inv = 1 / Math.sqrt(sum);
  for (let i = 0; i < v.length; i++) v[i] *= inv;
  return v;
}
