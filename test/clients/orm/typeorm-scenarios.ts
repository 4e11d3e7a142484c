/**
 * TypeORM 0.3 against a PostgreSQL-speaking server: schema synchronization (which reflects
 * the catalog), repository CRUD with relations, query builder, transactions and cleanup.
 * Entities use EntitySchema (no decorators). Tables are prefixed `typeorm_`.
 */
import 'reflect-metadata';
import { DataSource, EntitySchema, In, Like } from 'typeorm';
import { Checks, type Check } from './check.js';

interface Author {
  id?: number;
  name: string;
  balance: string;
  active?: boolean;
  createdAt?: Date;
  profile: Record<string, unknown> | null;
  externalId: string;
  scores: number[];
  tags: string[];
  bio: string | null;
  books?: Book[];
}

interface Book {
  id?: number;
  title: string;
  year: number;
  author?: Author;
}

const AuthorEntity = new EntitySchema<Author>({
  name: 'TypeormAuthor',
  tableName: 'typeorm_author',
  columns: {
    id: { type: 'int', primary: true, generated: 'increment' },
    name: { type: 'varchar', length: 50, unique: true },
    balance: { type: 'numeric', precision: 10, scale: 2 },
    active: { type: 'boolean', default: true },
    createdAt: { type: 'timestamptz', createDate: true, name: 'created_at' },
    profile: { type: 'jsonb', nullable: true },
    externalId: { type: 'uuid', name: 'external_id' },
    scores: { type: 'int', array: true },
    tags: { type: 'simple-array' },
    bio: { type: 'text', nullable: true },
  },
  relations: {
    books: { type: 'one-to-many', target: 'TypeormBook', inverseSide: 'author' },
  },
});

const BookEntity = new EntitySchema<Book>({
  name: 'TypeormBook',
  tableName: 'typeorm_book',
  columns: {
    id: { type: 'int', primary: true, generated: 'increment' },
    title: { type: 'varchar', length: 200 },
    year: { type: 'int' },
  },
  relations: {
    author: {
      type: 'many-to-one',
      target: 'TypeormAuthor',
      joinColumn: { name: 'author_id' },
      inverseSide: 'books',
      nullable: false,
      onDelete: 'CASCADE',
    },
  },
  indices: [{ name: 'IDX_typeorm_book_title_year', columns: ['title', 'year'] }],
});

const UUID_A = '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const UUID_B = '00000000-0000-4000-8000-000000000002';
const UUID_C = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11';

/** The deterministic view of an author (created_at only as "is a Date"). */
function authorView(a: Author | null) {
  if (!a) return null;
  const { createdAt, books, ...rest } = a;
  return {
    ...rest,
    createdAtIsDate: createdAt instanceof Date,
    books: books ? books.map((b) => ({ id: b.id, title: b.title, year: b.year })).sort((x, y) => x.id! - y.id!) : undefined,
  };
}

async function scenario(url: string, c: Checks): Promise<void> {
  const ds = new DataSource({
    type: 'postgres',
    url,
    entities: [AuthorEntity, BookEntity],
    synchronize: false,
    logging: false,
    poolSize: 2,
  });
  await ds.initialize();
  try {
    // Start from nothing (a previous failed run may have left tables).
    await ds.query('DROP TABLE IF EXISTS typeorm_book CASCADE');
    await ds.query('DROP TABLE IF EXISTS typeorm_author CASCADE');

    // --- schema synchronization -------------------------------------------------------
    const firstPlan = await ds.driver.createSchemaBuilder().log();
    c.add('synchronize', 'first plan has up-queries', firstPlan.upQueries.length > 0);
    await ds.synchronize();
    const secondPlan = await ds.driver.createSchemaBuilder().log();
    c.add('synchronize', 'second plan up-queries', secondPlan.upQueries.map((q) => q.query));
    await ds.synchronize();
    const qr = ds.createQueryRunner();
    try {
      c.add('synchronize', 'hasTable typeorm_author', await qr.hasTable('typeorm_author'));
      c.add('synchronize', 'hasColumn typeorm_author.external_id', await qr.hasColumn('typeorm_author', 'external_id'));
      const table = await qr.getTable('typeorm_book');
      c.add('synchronize', 'typeorm_book columns', table?.columns.map((col) => `${col.name}:${col.type}:${col.isNullable}`));
      c.add('synchronize', 'typeorm_book indices', table?.indices.map((i) => `${i.name}:${i.columnNames.join(',')}`));
      c.add('synchronize', 'typeorm_book foreign keys', table?.foreignKeys.map((f) => `${f.columnNames.join(',')}->${f.referencedTableName}(${f.referencedColumnNames.join(',')}) ${f.onDelete}`));
      const authorTable = await qr.getTable('typeorm_author');
      c.add(
        'synchronize',
        'typeorm_author columns',
        authorTable?.columns.map((col) => ({
          name: col.name,
          type: col.type,
          length: col.length,
          precision: col.precision ?? null,
          scale: col.scale ?? null,
          nullable: col.isNullable,
          unique: col.isUnique,
          array: col.isArray,
          default: col.default ?? null,
          generated: col.isGenerated ? col.generationStrategy : null,
        })),
      );
    } finally {
      await qr.release();
    }

    // --- repository CRUD ---------------------------------------------------------------
    const authors = ds.getRepository(AuthorEntity);
    const books = ds.getRepository(BookEntity);
    const ada = await authors.save({
      name: 'Ada',
      balance: '12.50',
      profile: { lang: 'en', langs: ['en', 'fr'], n: 1 },
      externalId: UUID_A,
      scores: [3, 1, 2],
      tags: ['math', 'engines'],
      bio: null,
    });
    c.add('crud', 'save returns generated id and defaults', { id: ada.id, active: ada.active, createdAtIsDate: ada.createdAt instanceof Date });
    const bob: Author = await authors.save<Author>({ name: 'Bob', balance: '0.05', profile: null, externalId: UUID_B, scores: [], tags: ['x'], bio: 'writes "quotes"\nand lines' });
    c.add('crud', 'second save id', bob.id);
    const saved = await books.save([
      { title: 'Notes', year: 1843, author: { id: ada.id } as Author },
      { title: 'Letters', year: 1842, author: { id: ada.id } as Author },
      { title: 'Poems', year: 1901, author: { id: bob.id } as Author },
    ]);
    c.add('crud', 'book ids', saved.map((b) => b.id));

    const withBooks = await authors.findOne({ where: { id: ada.id }, relations: { books: true } });
    c.add('crud', 'findOne with relations', authorView(withBooks));
    const book = await books.findOne({ where: { title: 'Poems' }, relations: { author: true } });
    c.add('crud', 'findOne many-to-one', book ? { title: book.title, year: book.year, author: authorView(book.author ?? null) } : null);
    const found = await authors.find({ where: { name: In(['Ada', 'Bob', 'Zed']) }, order: { name: 'DESC' } });
    c.add('crud', 'find In order DESC', found.map((a) => a.name));
    c.add('crud', 'count Like', await books.count({ where: { title: Like('%e%') } }));
    c.add('crud', 'findAndCount paged', await books.findAndCount({ order: { year: 'ASC' }, skip: 1, take: 1 }).then(([rows, n]) => ({ rows: rows.map((b) => b.title), n })));

    await c.attempt('crud', 'update affected', () => authors.update({ id: bob.id }, { balance: '99.99', active: false, profile: { moved: true } }), (upd) => upd.affected);
    c.add('crud', 'after update', authorView(await authors.findOneBy({ id: bob.id })));
    bob.bio = null;
    bob.scores = [7, 8];
    await c.attempt('crud', 'save of loaded entity', () => authors.save(bob), (saved) => saved.id);
    c.add('crud', 'after save of loaded entity', authorView(await authors.findOneBy({ id: bob.id })));

    const qb = await books
      .createQueryBuilder('b')
      .leftJoinAndSelect('b.author', 'a')
      .where('a.name = :name', { name: 'Ada' })
      .andWhere('b.year > :year', { year: 1800 })
      .orderBy('b.year', 'DESC')
      .getMany();
    c.add('querybuilder', 'join where order', qb.map((b) => `${b.title}/${b.author?.name}`));
    const raw = await books
      .createQueryBuilder('b')
      .select('a.name', 'name')
      .addSelect('COUNT(*)', 'n')
      .innerJoin('b.author', 'a')
      .groupBy('a.name')
      .orderBy('a.name')
      .getRawMany();
    c.add('querybuilder', 'group by raw', raw);

    const del = await books.delete({ title: 'Letters' });
    c.add('crud', 'delete affected', del.affected);
    c.add('crud', 'remaining books', (await books.find({ order: { id: 'ASC' } })).map((b) => b.title));

    // --- transactions ------------------------------------------------------------------
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.manager.save(AuthorEntity, { name: 'Rolled', balance: '1.00', profile: null, externalId: UUID_C, scores: [1], tags: ['r'], bio: null });
      c.add('transaction', 'visible inside', await runner.manager.count(AuthorEntity));
      await runner.rollbackTransaction();
      c.add('transaction', 'after rollback', await authors.count());
      await runner.startTransaction();
      await runner.manager.save(AuthorEntity, { name: 'Kept', balance: '2.00', profile: { k: [1, 2] }, externalId: UUID_C, scores: [4], tags: ['k'], bio: 'kept' });
      await runner.commitTransaction();
      c.add('transaction', 'after commit', (await authors.find({ order: { id: 'ASC' } })).map((a) => a.name));
    } finally {
      await runner.release();
    }
    const txErr = await ds
      .transaction(async (m) => {
        await m.update(AuthorEntity, { name: 'Kept' }, { balance: '3.00' });
        await m.save(AuthorEntity, { name: 'Ada', balance: '0', profile: null, externalId: UUID_C, scores: [], tags: [], bio: null });
      })
      .then(
        () => null,
        (e: { driverError?: { code?: string }; code?: string }) => e.driverError?.code ?? e.code ?? 'unknown',
      );
    c.add('transaction', 'unique violation rolls back', txErr);
    c.add('transaction', 'balance unchanged', (await authors.findOneBy({ name: 'Kept' }))?.balance);

    // --- cleanup -----------------------------------------------------------------------
    await ds.dropDatabase();
    const after = ds.createQueryRunner();
    try {
      c.add('cleanup', 'hasTable after dropDatabase', await after.hasTable('typeorm_author'));
    } finally {
      await after.release();
    }
  } finally {
    await ds.destroy();
  }
}

export async function run(url: string): Promise<Check[]> {
  const c = new Checks();
  return c.collect(() => scenario(url, c));
}
