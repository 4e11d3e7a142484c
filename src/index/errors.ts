/**
 * Errors of the index module. They carry a machine-readable `code`/`reason` for the SQL
 * layer to map (dimension mismatch and bad k → 22023 / 2201W; a sidecar error → fall back to
 * exact search with a NOTICE); they are not PgErrors because this module knows nothing of the
 * wire.
 */

export type VectorIndexErrorCode =
  | 'dimension_mismatch'
  | 'bad_vector'
  | 'bad_k'
  | 'bad_argument'
  | 'duplicate_key'
  | 'closed';

export class VectorIndexError extends Error {
  override readonly name = 'VectorIndexError';
  constructor(
    readonly code: VectorIndexErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Why a sidecar cannot be opened. Every reason means "do not read this index file": the
 * caller falls back to exact search and may rebuild.
 */
export type SidecarErrorReason =
  /** No manifest.json: never built, or a build that did not finish (the manifest is written last). */
  | 'missing_manifest'
  /** manifest.json is not valid JSON or lacks a field. */
  | 'corrupt_manifest'
  /** manifest.json was written by a newer (or unknown) format version. */
  | 'unsupported_version'
  /** A file the manifest lists does not exist. */
  | 'missing_file'
  /** A file's size or SHA-256 differs from the manifest. */
  | 'checksum_mismatch'
  /** usearch refused the file, or it disagrees with the manifest after opening. */
  | 'corrupt_index';

export class SidecarError extends Error {
  override readonly name = 'SidecarError';
  constructor(
    readonly reason: SidecarErrorReason,
    readonly dir: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`index sidecar ${dir}: ${message}`, options);
  }
}
