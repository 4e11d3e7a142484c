import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ModelsRepo, MutableTablesRepo, ResultTablesRepo, openCatalogDb, packageRoot, type ServerInfo, SourcesRepo } from '../catalog/index.js';
import { MutableTables, recoverEmbeddingBuilds, VectorIndexes } from '../store/index.js';
import { ModelRegistry } from '../models/index.js';
import type { JammiConfig } from '../config/index.js';
import { Engine } from '../engine/index.js';
import { createLogger, type Logger } from '../log/index.js';
import { openTableDdlRegistry, Session, type SessionServices, settingsCatalogRows } from '../session/index.js';
import { SourceRegistry } from '../sources/index.js';
import { initParser, PlanCache } from '../sql/index.js';
import { startWireServer, type WireServer } from '../wire/index.js';
import { NotificationHub, startBroker, type TopicBroker } from '../broker/index.js';
import { PgCatalog } from '../pg-catalog/index.js';
import { catalogReader, identityOf } from './catalog-snapshot.js';

/** A running jammi: the wire server plus everything behind it. */
export interface RunningJammi {
  readonly port: number;
  readonly host: string;
  /** A connection URL for psql and drivers. */
  readonly url: string;
  readonly services: SessionServices;
  close(): Promise<void>;
}

/** jammi's own version, from package.json. */
export function jammiVersion(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** The bundled demo files (registered as sources `trips` and `cities` when demo is on). */
export const demoDir = () => path.join(packageRoot(), 'demo');

/**
 * Start jammi: open the catalog (running migrations), open and lock down DuckDB, restore
 * sources, then listen. Anything that fails closes what was opened before it.
 */
export async function startJammi(config: JammiConfig, log: Logger = createLogger(config.logLevel)): Promise<RunningJammi> {
  installSafetyNet(log);
  await initParser();
  const { db, report } = openCatalogDb(config.dataDir);
  if (report.applied.length) log.info(`catalog migrated to version ${report.current} (applied ${report.applied.join(', ')})`);
  let engine: Engine | null = null;
  let broker: TopicBroker | null = null;
  try {
    const fileRoots = config.demo ? [...config.fileRoots, demoDir()] : config.fileRoots;
    engine = await Engine.open({ dataDir: config.dataDir, fileRoots, threads: config.threads, memoryLimit: config.memoryLimit });
    await recoverEmbeddingBuilds(new ResultTablesRepo(db), engine.resultsDir, log);
    const sources = new SourceRegistry(new SourcesRepo(db), engine, log);
    await sources.loadAll();
    if (config.demo) await addDemoSources(sources, log);
    const version = jammiVersion();
    const serverInfo: ServerInfo = {
      version,
      serverVersion: '15.20',
      startedAt: new Date().toISOString(),
      catalogVersion: report.current,
      features: ['file-sources'],
      storageBackends: ['file'],
      topicNextOffset: (name) => broker?.registry.nextOffset(name) ?? null,
    };
    const notifications = new NotificationHub();
    broker = await startBroker(config, db, engine, notifications, log);
    const base: Omit<SessionServices, 'pgCatalog'> = { engine, sources, models: new ModelRegistry(new ModelsRepo(db)), catalogDb: db, serverInfo, engineOptions: await engine.settingNames(), log, planCache: new PlanCache(config.planCacheSize), notifications, broker, tableDdl: await openTableDdlRegistry(engine), tables: await MutableTables.open(engine, new MutableTablesRepo(db), log), vectorIndexes: new VectorIndexes(engine, log) };
    const services: SessionServices = { ...base, pgCatalog: await PgCatalog.open(engine, db, catalogReader(base), identityOf(base), log, settingsCatalogRows()) };
    services.pgCatalog.countIndexScans((schema, name) => services.vectorIndexes.scanCount(schema, name));
    services.vectorIndexes.warmAll(services.tableDdl.all());
    const wire: WireServer = await startWireServer({
      host: config.host,
      port: config.port,
      auth: config.auth,
      tls: config.tls,
      maxMessageBytes: config.maxMessageBytes,
      maxConnections: config.maxConnections,
      handlerFactory: (info) => Session.create(info, services),
      log,
    });
    const eng = engine;
    const brk = broker;
    const host = wire.host.includes(':') ? `[${wire.host}]` : wire.host;
    return {
      port: wire.port,
      host: wire.host,
      url: `postgres://jammi@${host}:${wire.port}/jammi`,
      services,
      async close() {
        await wire.close();
        await brk.close();
        eng.close();
        db.close();
      },
    };
  } catch (e) {
    await broker?.close().catch(() => undefined);
    engine?.close();
    db.close();
    throw e;
  }
}

let safetyNetInstalled = false;

/**
 * pg-gateway aborts a broken pre-auth connection with a promise nobody awaits (e.g. a
 * plaintext StartupMessage after SSLRequest). Such a rejection concerns one connection and
 * must not end the server, so it is logged instead of crashing the process.
 */
function installSafetyNet(log: Logger): void {
  if (safetyNetInstalled) return;
  safetyNetInstalled = true;
  process.on('unhandledRejection', (reason) => log.warn('ignored an unhandled rejection from a connection', reason));
  // Node 20's web-stream adapter of a socket (pg-gateway's Duplex.toWeb) can throw from the
  // socket's 'close' handler when the stream was already closed ("Cannot read properties of
  // undefined (reading 'error')" in internal/webstreams/adapters): a closed connection's
  // cleanup, not the server's state. That one is logged; any other uncaught exception still
  // ends the process, as it would without this handler. Remove when pg-gateway stops using toWeb.
  process.on('uncaughtException', (err) => {
    if (err instanceof TypeError && /internal\/webstreams\/adapters/.test(err.stack ?? '')) {
      log.warn('ignored a web-stream error from a closed connection', err);
      return;
    }
    // Another listener (a test runner embedding the server) decides about everything else.
    if (process.listenerCount('uncaughtException') > 1) return;
    log.error('uncaught exception', err);
    process.exit(1);
  });
}

async function addDemoSources(sources: SourceRegistry, log: Logger): Promise<void> {
  const demo = demoDir();
  for (const [name, file] of [
    ['trips', 'trips.parquet'],
    ['cities', 'cities.csv'],
  ] as const) {
    if (sources.get(name, null)) continue;
    await sources.add(name, path.join(demo, file), {}, null);
    log.info(`registered demo source ${name}`);
  }
}
