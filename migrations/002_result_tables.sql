-- Result tables (embedding/inference outputs as Parquet + ANN sidecars) and their index segments.

CREATE TABLE result_tables (
    table_name        TEXT PRIMARY KEY,
    source_id         TEXT NOT NULL,
    model_id          TEXT NOT NULL,
    task              TEXT NOT NULL,
    parquet_path      TEXT NOT NULL,
    dimensions        INTEGER,
    distance_metric   TEXT NOT NULL DEFAULT 'cosine',
    row_count         INTEGER NOT NULL DEFAULT 0,
    status            TEXT NOT NULL DEFAULT 'building',
    key_column        TEXT,
    text_columns      TEXT,
    checkpoint        INTEGER,
    kind              TEXT NOT NULL DEFAULT 'model',
    derived_from      TEXT REFERENCES result_tables(table_name),
    definition_hash   TEXT,
    input_anchors_json TEXT,
    storage_precision TEXT NOT NULL DEFAULT 'f32',
    oversample        INTEGER,
    index_params      TEXT NOT NULL DEFAULT '{}',
    error_message     TEXT,
    created_at        TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    completed_at      TEXT,
    tenant_id         TEXT
);
CREATE INDEX idx_result_tables_source ON result_tables(source_id);
CREATE INDEX idx_result_tables_task ON result_tables(task);
CREATE INDEX idx_result_tables_status ON result_tables(status);
CREATE INDEX idx_result_tables_tenant ON result_tables(tenant_id);
CREATE INDEX idx_result_tables_kind ON result_tables(kind);
CREATE INDEX idx_result_tables_definition_hash ON result_tables(definition_hash);

CREATE TABLE index_segments (
    table_name TEXT NOT NULL REFERENCES result_tables(table_name) ON DELETE CASCADE,
    segment_id INTEGER NOT NULL,
    index_path TEXT NOT NULL,
    row_count  INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    tenant_id  TEXT,
    PRIMARY KEY (table_name, segment_id)
);
