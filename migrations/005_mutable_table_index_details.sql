-- Writable tables' indexes: whether an index is the primary key's, and a Postgres-style
-- definition (`CREATE UNIQUE INDEX t_pkey ON public.t USING btree (id)`) for catalog views.

ALTER TABLE mutable_table_indexes ADD COLUMN is_primary BIGINT NOT NULL DEFAULT 0;
ALTER TABLE mutable_table_indexes ADD COLUMN definition TEXT;
