/**
 * Schemas of the user catalog (`jammi`) that hold jammi's own tables rather than clients'.
 * One place, so the registry of writable tables, the write guard and issue 4's catalog
 * emulation agree on what a client's table is.
 */

/** jammi's bookkeeping inside the DuckDB file (declared column types); invisible to clients. */
export const META_SCHEMA = '_jammi_meta';

/** The schema of topic logs (`topics."orders.created"`): the broker creates, registers and drops them. */
export const TOPICS_SCHEMA = 'topics';

/**
 * Schemas whose tables are never registered as writable tables in `mutable_tables`: jammi's
 * bookkeeping, and the schema of topic logs when the broker keeps them in the user catalog
 * (it registers those tables itself). A new internal schema is added here.
 */
export const UNREGISTERED_SCHEMAS: readonly string[] = [META_SCHEMA, TOPICS_SCHEMA];

/** Names with this prefix (tables, views, sequences, types, schemas) are jammi's: clients may not create them. */
export const RESERVED_PREFIX = '_jammi_';
