// Writes the small demo data set in demo/ (committed; rerun only to change it).
// trips.parquet: 2,000 synthetic taxi trips; cities.csv: the cities they happen in.
import { DuckDBInstance } from '@duckdb/node-api';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'demo');
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
await c.run(`CREATE TABLE cities AS SELECT * FROM (VALUES
  ('Amsterdam', 'NL', 921402), ('Berlin', 'DE', 3755251), ('Lisbon', 'PT', 545796),
  ('Madrid', 'ES', 3332035), ('Paris', 'FR', 2102650), ('Rome', 'IT', 2748109)) AS t(name, country, population)`);
await c.run(`COPY cities TO '${dir}/cities.csv' (HEADER)`);
await c.run(`COPY (
  SELECT i AS trip_id,
         (['Amsterdam','Berlin','Lisbon','Madrid','Paris','Rome'])[1 + (hash(i) % 6)::INT] AS city,
         TIMESTAMP '2026-01-01 00:00:00' + INTERVAL (i * 7919 % 525600) MINUTE AS started_at,
         round(1 + (hash(i * 31) % 2500) / 100.0, 2)::DECIMAL(6,2) AS distance_km,
         round(3 + (hash(i * 17) % 6000) / 100.0, 2)::DECIMAL(8,2) AS fare,
         1 + (hash(i * 13) % 4)::INT AS passengers
  FROM range(1, 2001) t(i)) TO '${dir}/trips.parquet' (FORMAT parquet)`);
console.log('wrote', dir);
