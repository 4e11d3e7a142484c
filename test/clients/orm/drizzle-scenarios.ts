/**
 * Drizzle ORM (node-postgres driver) against a PostgreSQL-speaking server: a pgTable schema,
 * tables created with plain SQL (drizzle-kit is not installed), insert…returning, selects,
 * relational queries (lateral joins with json aggregation), updates, deletes, transactions
 * and onConflictDoUpdate. Tables are prefixed `drizzle_`.
 */
import { and, asc, count, desc, eq, gt, inArray, relations, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { boolean, index, integer, jsonb, numeric, pgTable, serial, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { Checks, errorShape, omit, type Check } from './check.js';

export const authors = pgTable('drizzle_author', {
  id: serial('id').primaryKey(),
  name: varchar('name', { length: 50 }).notNull().unique(),
  balance: numeric('balance', { precision: 10, scale: 2 }).notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  profile: jsonb('profile').$type<Record<string, unknown> | unknown[]>(),
  externalId: uuid('external_id'),
  scores: integer('scores').array(),
  bio: text('bio'),
});

export const books = pgTable(
  'drizzle_book',
  {
    id: serial('id').primaryKey(),
    title: varchar('title', { length: 200 }).notNull(),
    year: integer('year').notNull(),
    authorId: integer('author_id')
      .notNull()
      .references(() => authors.id, { onDelete: 'cascade' }),
  },
  (t) => [index('drizzle_book_title_year_idx').on(t.title, t.year)],
);

export const authorsRelations = relations(authors, ({ many }) => ({ books: many(books) }));
export const booksRelations = relations(books, ({ one }) => ({ author: one(authors, { fields: [books.authorId], references: [authors.id] }) }));

const schema = { authors, books, authorsRelations, booksRelations };

const DDL = [
  'DROP TABLE IF EXISTS drizzle_book',
  'DROP TABLE IF EXISTS drizzle_author',
  `CREATE TABLE drizzle_author (
    id serial PRIMARY KEY,
    name varchar(50) NOT NULL UNIQUE,
    balance numeric(10, 2) NOT NULL,
    active boolean NOT NULL DEFAULT true,
    created_at timestamp with time zone NOT NULL DEFAULT now(),
    profile jsonb,
    external_id uuid,
    scores integer[],
    bio text
  )`,
  `CREATE TABLE drizzle_book (
    id serial PRIMARY KEY,
    title varchar(200) NOT NULL,
    year integer NOT NULL,
    author_id integer NOT NULL REFERENCES drizzle_author(id) ON DELETE CASCADE
  )`,
  'CREATE INDEX drizzle_book_title_year_idx ON drizzle_book (title, year)',
];

const UUID_A = '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b';

function stable<T extends { createdAt?: unknown }>(row: T) {
  return { ...omit(row, 'createdAt'), createdAtIsDate: row.createdAt instanceof Date };
}

async function scenario(url: string, c: Checks): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const db = drizzle(pool, { schema });
  try {
    for (const stmt of DDL) await db.execute(sql.raw(stmt));

    // --- inserts -------------------------------------------------------------------------
    const inserted = await db
      .insert(authors)
      .values([
        { name: 'Ada', balance: '12.50', profile: { lang: 'en', n: 1 }, externalId: UUID_A, scores: [3, 1, 2] },
        { name: 'Bob', balance: '0.05', profile: ['a', 'b'], scores: [] },
      ])
      .returning();
    c.add('insert', 'returning all', inserted.map(stable));
    const [ada, bob] = inserted;
    const bookIds = await db
      .insert(books)
      .values([
        { title: 'Notes', year: 1843, authorId: ada.id },
        { title: 'Letters', year: 1842, authorId: ada.id },
        { title: 'Poems', year: 1901, authorId: bob.id },
      ])
      .returning({ id: books.id, title: books.title });
    c.add('insert', 'returning partial', bookIds);

    // --- selects -------------------------------------------------------------------------
    c.add(
      'select',
      'where and orderBy',
      await db
        .select({ title: books.title, year: books.year })
        .from(books)
        .where(and(gt(books.year, 1800), inArray(books.authorId, [ada.id, bob.id])))
        .orderBy(desc(books.year)),
    );
    c.add(
      'select',
      'join',
      await db
        .select({ title: books.title, author: authors.name, balance: authors.balance })
        .from(books)
        .innerJoin(authors, eq(books.authorId, authors.id))
        .orderBy(asc(books.id)),
    );
    c.add(
      'select',
      'group by count',
      await db
        .select({ authorId: books.authorId, n: count() })
        .from(books)
        .groupBy(books.authorId)
        .orderBy(books.authorId),
    );
    c.add('select', 'limit offset', await db.select({ title: books.title }).from(books).orderBy(books.title).limit(2).offset(1));
    c.add('select', 'sql fragment', await db.select({ lang: sql<string>`${authors.profile}->>'lang'` }).from(authors).where(eq(authors.name, 'Ada')));
    const rel = await db.query.authors.findMany({
      columns: { name: true, scores: true },
      with: { books: { columns: { title: true, year: true }, orderBy: [asc(books.year)] } },
      orderBy: [asc(authors.id)],
    });
    c.add('relational', 'findMany with books', rel);
    await c.attempt('relational', 'findFirst with author', () => db.query.books.findFirst({ where: eq(books.title, 'Poems'), with: { author: { columns: { name: true, profile: true } } } }));

    // --- update / delete ---------------------------------------------------------------
    await c.attempt('update', 'returning', () =>
      db.update(authors).set({ balance: '99.99', active: false, bio: 'b' }).where(eq(authors.name, 'Bob')).returning({ name: authors.name, balance: authors.balance, active: authors.active }),
    );
    c.add('update', 'sql expression', await db.update(books).set({ year: sql`${books.year} + 1` }).where(eq(books.title, 'Poems')).returning({ year: books.year }));
    c.add('delete', 'returning', await db.delete(books).where(eq(books.title, 'Letters')).returning({ title: books.title }));
    const res = await db.delete(books).where(eq(books.title, 'Nope'));
    c.add('delete', 'rowCount', res.rowCount);

    // --- upsert --------------------------------------------------------------------------
    await c.attempt('upsert', 'onConflictDoUpdate', () =>
      db
        .insert(authors)
        .values([
          { name: 'Ada', balance: '1.00' },
          { name: 'Cy', balance: '2.00' },
        ])
        .onConflictDoUpdate({ target: authors.name, set: { balance: sql`excluded.balance` } })
        .returning({ id: authors.id, name: authors.name, balance: authors.balance }),
    );
    c.add('upsert', 'onConflictDoNothing', await db.insert(authors).values({ name: 'Cy', balance: '5' }).onConflictDoNothing().returning({ id: authors.id }));

    // --- transactions --------------------------------------------------------------------
    await db.transaction(async (tx) => {
      const [t] = await tx.insert(authors).values({ name: 'Tx', balance: '3.00' }).returning({ id: authors.id });
      await tx.insert(books).values({ title: 'Tx book', year: 2000, authorId: t.id });
    });
    const rolled = await db
      .transaction(async (tx) => {
        await tx.insert(authors).values({ name: 'Gone', balance: '4.00' });
        tx.rollback();
      })
      .then(
        () => 'committed',
        (e: Error) => e.constructor.name,
      );
    c.add('transaction', 'explicit rollback', rolled);
    const failed = await db
      .transaction(async (tx) => {
        await tx.insert(authors).values({ name: 'Gone2', balance: '4.00' });
        await tx.insert(authors).values({ name: 'Ada', balance: '4.00' });
      })
      .then(() => null, errorShape);
    c.add('transaction', 'unique violation', failed?.code ?? null);
    await c.attempt('transaction', 'savepoint rollback', () =>
      db.transaction(async (tx) => {
        await tx.update(authors).set({ bio: 'outer' }).where(eq(authors.name, 'Tx'));
        await tx
          .transaction(async (sp) => {
            await sp.update(authors).set({ bio: 'inner' }).where(eq(authors.name, 'Tx'));
            sp.rollback();
          })
          .catch(() => undefined);
        const [row] = await tx.select({ bio: authors.bio }).from(authors).where(eq(authors.name, 'Tx'));
        return row.bio;
      }),
    );
    c.add('transaction', 'final authors', await db.select({ name: authors.name, balance: authors.balance, bio: authors.bio }).from(authors).orderBy(authors.id));
    await c.attempt('transaction', 'cascade', () => db.delete(authors).where(eq(authors.name, 'Tx')).then(() => db.select({ title: books.title }).from(books).orderBy(books.id)));
  } finally {
    for (const stmt of DDL.slice(0, 2)) await db.execute(sql.raw(stmt)).catch(() => undefined);
    await pool.end();
  }
}

export async function run(url: string): Promise<Check[]> {
  const c = new Checks();
  return c.collect(() => scenario(url, c));
}
