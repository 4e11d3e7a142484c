import pg from 'pg';
import { startTestServer } from './test/helpers/jammi.js';
const s = await startTestServer();
const c = new pg.Client({ connectionString: s.url });
await c.connect();
for (const q of ['select 1 as a', 'SELECT * FROM trips.public.trips t JOIN cities.cities c ON c.name = t.city LIMIT 2', 'select * from _jammi_sources', 'select count(*) from trips.trips', 'select * from cities.cities order by name']) {
  try { const r = await c.query(q); console.log(q, r.fields.map(f=>[f.name,f.dataTypeID]), r.rows); } catch (e) { console.log(q, 'ERR', (e as any).code, (e as any).message); }
}
await c.end();
await s.stop();
