-- Evidence channels: the typed columns a retrieval contributes to each result row.
-- Global channels have tenant_id NULL; a NULL never equals NULL in UNIQUE, so global names
-- get their own partial unique index.

CREATE TABLE evidence_channels (
    tenant_id    TEXT,
    channel_name TEXT NOT NULL,
    priority     INTEGER NOT NULL,
    created_at   TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (tenant_id, channel_name)
);
CREATE UNIQUE INDEX idx_evidence_channels_global_name ON evidence_channels(channel_name) WHERE tenant_id IS NULL;

CREATE TABLE evidence_channel_columns (
    tenant_id    TEXT,
    channel_name TEXT NOT NULL,
    column_name  TEXT NOT NULL,
    column_type  TEXT NOT NULL,
    ordinal      INTEGER NOT NULL,
    declared_at  TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (tenant_id, channel_name, column_name),
    UNIQUE (tenant_id, channel_name, ordinal)
);
CREATE UNIQUE INDEX idx_channel_columns_global_name ON evidence_channel_columns(channel_name, column_name) WHERE tenant_id IS NULL;
CREATE UNIQUE INDEX idx_channel_columns_global_ordinal ON evidence_channel_columns(channel_name, ordinal) WHERE tenant_id IS NULL;

INSERT INTO evidence_channels (tenant_id, channel_name, priority) VALUES
    (NULL, 'vector', 1),
    (NULL, 'inference', 2),
    (NULL, 'bm25', 3);

INSERT INTO evidence_channel_columns (tenant_id, channel_name, column_name, column_type, ordinal) VALUES
    (NULL, 'vector', 'similarity', 'Float32', 0),
    (NULL, 'inference', 'inference_model', 'Utf8', 0),
    (NULL, 'inference', 'inference_task', 'Utf8', 1),
    (NULL, 'inference', 'inference_confidence', 'Float32', 2),
    (NULL, 'bm25', 'bm25_score', 'Float32', 0),
    (NULL, 'bm25', 'bm25_rank', 'Int64', 1);
