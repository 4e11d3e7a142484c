/**
 * Knex 3 (client 'pg') against a PostgreSQL-speaking server: migrations from an in-memory
 * source (which use knex_migrations / knex_migrations_lock and reflect the catalog), schema
 * inspection, inserts with RETURNING, upserts, transactions and rollback of migrations.
 * Tables are prefixed `knex_`.
 */
import knex, { type Knex } from 'knex';
import { Checks, errorShape, omit, type Check } from './check.js';

const migrations: Record<string, Knex.Migration> = {
  '001_init': {
    async up(k) {
      await k.schema.createTable('knex_author', (t) => {
        t.increments('id');
        t.string('name', 50).notNullable().unique();
        t.decimal('balance', 10, 2).notNullable().defaultTo(0);
        t.boolean('active').notNullable().defaultTo(true);
        t.timestamps(true, true);
        t.jsonb('profile');
        t.uuid('external_id');
        t.specificType('scores', 'int[]');
      });
      await k.schema.createTable('knex_book', (t) => {
        t.increments('id');
        t.string('title', 200).notNullable();
        t.integer('year').notNullable();
        t.integer('author_id').notNullable().references('id').inTable('knex_author').onDelete('CASCADE');
        t.index(['title', 'year'], 'knex_book_title_year_idx');
        t.unique(['author_id', 'title']);
      });
    },
    async down(k) {
      await k.schema.dropTable('knex_book');
      await k.schema.dropTable('knex_author');
    },
  },
  '002_bio': {
    async up(k) {
      await k.schema.alterTable('knex_author', (t) => {
        t.text('bio').nullable();
      });
    },
    async down(k) {
      await k.schema.alterTable('knex_author', (t) => {
        t.dropColumn('bio');
      });
    },
  },
};

const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (m) => m,
  getMigration: async (m) => migrations[m],
};

const UUID_A = '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b';

/** A row without its timestamps (checked only for being Dates). */
function stable(row: Record<string, unknown>) {
  return { ...omit(row, 'created_at', 'updated_at'), timestampsAreDates: row.created_at instanceof Date && row.updated_at instanceof Date };
}

async function scenario(url: string, c: Checks): Promise<void> {
  const db = knex({
    client: 'pg',
    connection: url,
    pool: { min: 0, max: 2 },
    migrations: { migrationSource, tableName: 'knex_migrations' },
  });
  try {
    // Start from nothing (a previous failed run may have left tables).
    for (const t of ['knex_book', 'knex_author', 'knex_migrations', 'knex_migrations_lock']) await db.schema.dropTableIfExists(t);

    // --- migrations ----------------------------------------------------------------------
    const [batch1, log1] = (await db.migrate.latest()) as [number, string[]];
    c.add('migrate', 'latest', { batch: batch1, log: log1 });
    const [batch2, log2] = (await db.migrate.latest()) as [number, string[]];
    c.add('migrate', 'latest again', { batch: batch2, log: log2 });
    c.add('migrate', 'currentVersion', await db.migrate.currentVersion());
    const [completed, pending] = (await db.migrate.list()) as [Array<{ name: string } | string>, unknown[]];
    c.add('migrate', 'list', { completed: completed.map((m) => (typeof m === 'string' ? m : m.name)), pending: pending.length });
    c.add('migrate', 'status', await db.migrate.status());

    // --- inspection ----------------------------------------------------------------------
    c.add('schema', 'hasTable knex_author', await db.schema.hasTable('knex_author'));
    c.add('schema', 'hasTable knex_nope', await db.schema.hasTable('knex_nope'));
    c.add('schema', 'hasColumn knex_author.bio', await db.schema.hasColumn('knex_author', 'bio'));
    c.add('schema', 'hasColumn knex_author.nope', await db.schema.hasColumn('knex_author', 'nope'));
    const info = await db('knex_author').columnInfo();
    c.add('schema', 'columnInfo knex_author', info);

    // --- inserts and queries -------------------------------------------------------------
    const inserted = await db('knex_author')
      .insert([
        { name: 'Ada', balance: '12.50', profile: { lang: 'en', n: 1 }, external_id: UUID_A, scores: [3, 1, 2] },
        { name: 'Bob', balance: 0.05, profile: JSON.stringify(['a', 'b']), scores: [] },
      ])
      .returning('*');
    c.add('insert', 'returning *', inserted.map(stable));
    const [ada, bob] = inserted as Array<{ id: number }>;
    const ids = await db('knex_book')
      .insert([
        { title: 'Notes', year: 1843, author_id: ada.id },
        { title: 'Letters', year: 1842, author_id: ada.id },
        { title: 'Poems', year: 1901, author_id: bob.id },
      ])
      .returning(['id', 'title']);
    c.add('insert', 'returning columns', ids);

    const joined = await db('knex_book as b')
      .join('knex_author as a', 'a.id', 'b.author_id')
      .select('b.title', 'a.name', 'a.balance')
      .where('b.year', '>', 1800)
      .whereIn('a.name', ['Ada', 'Bob'])
      .orderBy([{ column: 'b.year', order: 'desc' }]);
    c.add('query', 'join where order', joined);
    const counts = await db('knex_book').select('author_id').count({ n: '*' }).groupBy('author_id').orderBy('author_id');
    c.add('query', 'count group by', counts);
    c.add('query', 'first', await db('knex_author').select('name', 'scores', 'profile').where({ id: ada.id }).first());
    c.add('query', 'whereRaw jsonb', await db('knex_author').select('name').whereRaw(`profile->>'lang' = ?`, ['en']));
    c.add('query', 'pluck', await db('knex_author').orderBy('name').pluck('name'));

    // --- updates, upserts, deletes ---------------------------------------------------------
    c.add('update', 'update count', await db('knex_author').where({ name: 'Bob' }).update({ balance: '99.99', active: false, bio: 'b' }));
    c.add('update', 'increment returning', await db('knex_book').where({ title: 'Poems' }).increment('year', 1).returning(['title', 'year']));
    await c.attempt('upsert', 'onConflict merge returning', () =>
      db('knex_author')
        .insert([
          { name: 'Ada', balance: '1.00' },
          { name: 'Cy', balance: '2.00' },
        ])
        .onConflict('name')
        .merge(['balance'])
        .returning(['id', 'name', 'balance', 'active']),
    );
    c.add('upsert', 'onConflict ignore', await db('knex_author').insert({ name: 'Cy', balance: '5' }).onConflict('name').ignore().returning('id'));
    c.add('delete', 'del count', await db('knex_book').where({ title: 'Letters' }).del());
    c.add('delete', 'del returning', await db('knex_author').where({ name: 'Cy' }).del().returning('name'));

    // --- transactions --------------------------------------------------------------------
    await db.transaction(async (trx) => {
      const [tx] = await trx('knex_author').insert({ name: 'Tx', balance: '3.00' }).returning('id');
      await trx('knex_book').insert({ title: 'Tx book', year: 2000, author_id: (tx as { id: number }).id });
    });
    const failed = await db
      .transaction(async (trx) => {
        await trx('knex_author').insert({ name: 'Gone', balance: '4.00' });
        await trx('knex_author').insert({ name: 'Ada', balance: '4.00' });
      })
      .then(() => null, errorShape);
    c.add('transaction', 'unique violation', failed?.code ?? null);
    const trx = await db.transaction();
    await trx('knex_author').where({ name: 'Tx' }).update({ balance: '7.77' });
    await trx.rollback();
    c.add('transaction', 'after commit and rollbacks', await db('knex_author').select('name', 'balance').orderBy('id'));
    await c.attempt('transaction', 'fk cascade', () => db('knex_author').where({ name: 'Tx' }).del().then(() => db('knex_book').count({ n: '*' }).first()));
    const fkErr = await db('knex_book').insert({ title: 'Orphan', year: 1, author_id: 9999 }).then(() => null, errorShape);
    c.add('errors', 'foreign key violation', fkErr?.code ?? null);

    // --- rollback ------------------------------------------------------------------------
    await c.attempt(
      'migrate',
      'rollback all',
      () => db.migrate.rollback(undefined, true) as Promise<[number, string[]]>,
      ([batch, log]) => ({ batch, log }),
    );
    c.add('migrate', 'hasTable after rollback', await db.schema.hasTable('knex_author'));
    c.add('migrate', 'currentVersion after rollback', await db.migrate.currentVersion());
    await db.schema.dropTableIfExists('knex_migrations').dropTableIfExists('knex_migrations_lock');
  } finally {
    await db.destroy();
  }
}

export async function run(url: string): Promise<Check[]> {
  const c = new Checks();
  return c.collect(() => scenario(url, c));
}
