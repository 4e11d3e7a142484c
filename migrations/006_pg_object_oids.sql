-- OIDs of the objects jammi shows in pg_catalog (schemas, tables, views, columns' types,
-- indexes, constraints, sequences…), kept so that an object's OID is the same after a
-- restart: clients cache catalog metadata by OID. Postgres assigns user objects OIDs from
-- 16384 up; so does jammi. `object_key` names the object, e.g. `class:public.users`.

CREATE TABLE pg_object_oids (
  object_key TEXT PRIMARY KEY,
  oid BIGINT NOT NULL UNIQUE
);
