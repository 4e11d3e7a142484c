export { PgOid, arrayOidOf, elementOidOf, typlenOf, pgTypeNameOf as pgTypeNameOfOid } from './pg-oids.js';
export { pgTypeOf, pgTypeNameOf, descForOid, NUMERIC_TEXT_ALIAS, type PgTypeDesc, type EncoderKind } from './pg-type-map.js';
export { encodeText, textEncoders, type EncodeContext, type TextEncoder } from './text-encode.js';
export { encodeBinary, binaryEncoders, numericBinary, type BinaryEncoder } from './binary-encode.js';
export { decodeParam, decodeByteaText, numericFromBinary, type ParamValue } from './param-decode.js';
export { formatFloat4, formatFloat8 } from './float-format.js';
export { isKnownTimeZone, formatTimestampTz, formatInterval, formatDate, formatTimestamp } from './datetime-format.js';
export { formatType, numericTypmod, lengthTypmod } from './format-type.js';
