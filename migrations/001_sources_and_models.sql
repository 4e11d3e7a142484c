-- Sources, models, training jobs, eval runs: the core of the catalog.
-- Written in the common subset of SQLite and PostgreSQL (TEXT timestamps, no AUTOINCREMENT),
-- so the same files can migrate a Postgres catalog later.
-- Every table carries tenant_id (NULL = global), as jammi-db's migration 005 established.

CREATE TABLE sources (
    source_id   TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    source_type TEXT NOT NULL,
    uri         TEXT NOT NULL,
    format      TEXT,
    schema_json TEXT,
    options     TEXT NOT NULL DEFAULT '{}',
    created_at  TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at  TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    tenant_id   TEXT
);
CREATE INDEX idx_sources_tenant ON sources(tenant_id);

CREATE TABLE models (
    model_id      TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    model_type    TEXT NOT NULL,
    task          TEXT NOT NULL,
    backend       TEXT,
    version       INTEGER NOT NULL DEFAULT 1,
    source        TEXT,
    dimensions    INTEGER,
    status        TEXT NOT NULL DEFAULT 'registered',
    metadata      TEXT,
    artifact_path TEXT,
    created_at    TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at    TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    tenant_id     TEXT
);
CREATE INDEX idx_models_type ON models(model_type);
CREATE INDEX idx_models_task ON models(task);
CREATE INDEX idx_models_tenant ON models(tenant_id);

CREATE TABLE training_jobs (
    job_id           TEXT PRIMARY KEY,
    base_model_id    TEXT NOT NULL REFERENCES models(model_id),
    output_model_id  TEXT,
    training_source  TEXT NOT NULL,
    loss_type        TEXT NOT NULL,
    hyperparams      TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'queued',
    metrics          TEXT,
    kind             TEXT NOT NULL DEFAULT 'fine_tune',
    claimed_by       TEXT,
    lease_expires_at TEXT,
    attempts         INTEGER NOT NULL DEFAULT 0,
    training_spec    TEXT,
    priority         INTEGER NOT NULL DEFAULT 0,
    claimable        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at       TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at       TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    tenant_id        TEXT
);
CREATE INDEX idx_training_jobs_status ON training_jobs(status);
CREATE INDEX idx_training_jobs_tenant ON training_jobs(tenant_id);
CREATE INDEX idx_training_jobs_claim ON training_jobs(status, lease_expires_at);
CREATE INDEX idx_training_jobs_claim_policy ON training_jobs(status, claimable, priority DESC, created_at);

-- model_id is NULL for evaluations that are not model-scoped (calibration).
CREATE TABLE eval_runs (
    run_id        TEXT PRIMARY KEY,
    model_id      TEXT REFERENCES models(model_id),
    eval_type     TEXT NOT NULL,
    source_id     TEXT,
    metrics       TEXT NOT NULL,
    config        TEXT,
    golden_source TEXT,
    k             INTEGER,
    status        TEXT NOT NULL DEFAULT 'completed',
    created_at    TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    tenant_id     TEXT
);
CREATE INDEX idx_eval_runs_model ON eval_runs(model_id);
CREATE INDEX idx_eval_runs_type ON eval_runs(eval_type);
CREATE INDEX idx_eval_runs_created ON eval_runs(created_at);
CREATE INDEX idx_eval_runs_tenant ON eval_runs(tenant_id);

CREATE TABLE _jammi_eval_per_query (
    eval_run_id TEXT NOT NULL,
    query_id    TEXT NOT NULL,
    cohorts     TEXT NOT NULL DEFAULT '{}',
    metrics     TEXT NOT NULL,
    tenant_id   TEXT,
    PRIMARY KEY (eval_run_id, query_id)
);
CREATE INDEX idx_eval_per_query_run ON _jammi_eval_per_query(eval_run_id);
CREATE INDEX idx_eval_per_query_tenant ON _jammi_eval_per_query(tenant_id);
