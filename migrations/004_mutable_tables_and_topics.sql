-- Writable (mutable companion) tables, their secondary indexes, and broker topics whose
-- durable log is a mutable table.

CREATE TABLE mutable_tables (
    id            TEXT PRIMARY KEY,
    schema_name   TEXT NOT NULL DEFAULT 'public',
    table_name    TEXT NOT NULL,
    schema_json   TEXT NOT NULL,
    primary_key   TEXT NOT NULL DEFAULT '[]',
    user_metadata TEXT NOT NULL DEFAULT '{}',
    backend_kind  TEXT NOT NULL DEFAULT 'duckdb',
    order_column  TEXT,
    created_at    TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at    TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    tenant_id     TEXT
);
CREATE INDEX idx_mutable_tables_tenant ON mutable_tables(tenant_id);

CREATE TABLE mutable_table_indexes (
    table_id   TEXT NOT NULL REFERENCES mutable_tables(id) ON DELETE CASCADE,
    index_name TEXT NOT NULL,
    columns    TEXT NOT NULL,
    is_unique  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (table_id, index_name)
);

CREATE TABLE topics (
    topic_id        TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    schema_json     TEXT NOT NULL,
    broker_metadata TEXT NOT NULL DEFAULT '{}',
    backing_table   TEXT NOT NULL UNIQUE REFERENCES mutable_tables(id) ON DELETE RESTRICT,
    created_at      TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    tenant_id       TEXT,
    UNIQUE (name, tenant_id)
);
CREATE INDEX idx_topics_tenant ON topics(tenant_id);
CREATE INDEX idx_topics_name ON topics(name);
