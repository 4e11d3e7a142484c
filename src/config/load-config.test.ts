import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, defaultConfig, loadConfig, overridesFromEnv, validateConfig } from './load-config.js';
import { thrown } from '../../test/helpers/thrown.js';

let dir: string;
const writeConfig = (name: string, content: unknown) => {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'jammi-config-test-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadConfig: defaults', () => {
  it('with no file, env or flags gives the defaults with paths resolved', () => {
    expect(loadConfig({}, {})).toEqual({
      host: '127.0.0.1',
      port: 5433,
      dataDir: path.resolve('./.jammi'),
      fileRoots: [path.resolve('.')],
      auth: { method: 'trust', users: {} },
      tls: null,
      maxMessageBytes: 64 * 1024 * 1024,
      maxConnections: 256,
      demo: false,
      logLevel: 'info',
      threads: 0,
      memoryLimit: '',
      planCacheSize: 1000,
      broker: 'memory',
      natsUrl: 'nats://127.0.0.1:4222',
      natsStream: 'JAMMI_TOPICS',
      topicBufferEvents: 10000,
    });
  });

  it('does not mutate defaultConfig', () => {
    loadConfig({ port: '7777', fileRoots: '/a:/b' }, {});
    expect(defaultConfig.port).toBe(5433);
    expect(defaultConfig.fileRoots).toEqual(['.']);
  });
});

describe('loadConfig: precedence defaults < file < env < flags', () => {
  let file: string;
  beforeAll(() => {
    file = writeConfig('prec/jammi.json', { host: 'file.host', port: 6001, logLevel: 'warn', threads: 2, memoryLimit: '1GB', demo: true });
  });

  it('the file overrides defaults', () => {
    const c = loadConfig({ config: file }, {});
    expect([c.host, c.port, c.logLevel, c.threads, c.memoryLimit, c.demo, c.maxConnections]).toEqual(['file.host', 6001, 'warn', 2, '1GB', true, 256]);
  });

  it('env overrides the file', () => {
    const c = loadConfig({ config: file }, { JAMMI_PORT: '6002', JAMMI_LOG_LEVEL: 'error', JAMMI_DEMO: 'off' });
    expect([c.host, c.port, c.logLevel, c.demo, c.threads]).toEqual(['file.host', 6002, 'error', false, 2]);
  });

  it('flags override env and the file', () => {
    const c = loadConfig({ config: file, port: '6003', host: 'flag.host' }, { JAMMI_PORT: '6002', JAMMI_HOST: 'env.host', JAMMI_THREADS: '4' });
    expect([c.host, c.port, c.threads, c.logLevel]).toEqual(['flag.host', 6003, 4, 'warn']);
  });

  it('JAMMI_CONFIG names the file when no --config flag is given', () => {
    expect(loadConfig({}, { JAMMI_CONFIG: file }).port).toBe(6001);
  });

  it('a --config flag wins over JAMMI_CONFIG', () => {
    const other = writeConfig('prec/other.json', { port: 6009 });
    expect(loadConfig({ config: other }, { JAMMI_CONFIG: file }).port).toBe(6009);
  });

  it('empty env values are ignored', () => {
    expect(overridesFromEnv({ JAMMI_PORT: '', JAMMI_HOST: 'h', UNRELATED: 'x' })).toEqual({ host: 'h' });
  });

  it('overridesFromEnv maps every JAMMI_* variable', () => {
    expect(
      overridesFromEnv({
        JAMMI_HOST: 'h',
        JAMMI_PORT: '1',
        JAMMI_DATA_DIR: 'd',
        JAMMI_FILE_ROOTS: 'r',
        JAMMI_CONFIG: 'c',
        JAMMI_LOG_LEVEL: 'debug',
        JAMMI_DEMO: '1',
        JAMMI_THREADS: '3',
        JAMMI_MEMORY_LIMIT: '2GB',
        JAMMI_BROKER: 'nats',
        JAMMI_NATS_URL: 'nats://n:4222',
        JAMMI_NATS_STREAM: 'S',
        JAMMI_TOPIC_BUFFER_EVENTS: '5',
      }),
    ).toEqual({
      host: 'h',
      port: '1',
      dataDir: 'd',
      fileRoots: 'r',
      config: 'c',
      logLevel: 'debug',
      demo: '1',
      threads: '3',
      memoryLimit: '2GB',
      broker: 'nats',
      natsUrl: 'nats://n:4222',
      natsStream: 'S',
      topicBufferEvents: '5',
    });
  });

  it('the broker settings: memory or nats, a nats:// URL, a stream name, a positive buffer', () => {
    const c = loadConfig({}, { JAMMI_BROKER: 'nats', JAMMI_NATS_URL: 'nats://127.0.0.1:4223', JAMMI_TOPIC_BUFFER_EVENTS: '50' });
    expect([c.broker, c.natsUrl, c.natsStream, c.topicBufferEvents]).toEqual(['nats', 'nats://127.0.0.1:4223', 'JAMMI_TOPICS', 50]);
    expect(thrown(ConfigError, () => loadConfig({}, { JAMMI_BROKER: 'kafka' })).message).toBe('broker must be one of memory, nats, got "kafka"');
    expect(thrown(ConfigError, () => loadConfig({}, { JAMMI_BROKER: 'nats', JAMMI_NATS_URL: 'http://x' })).message).toBe('natsUrl must be a nats:// URL, got "http://x"');
    expect(thrown(ConfigError, () => loadConfig({}, { JAMMI_NATS_STREAM: 'a.b' })).message).toMatch(/^natsStream must be/);
    expect(thrown(ConfigError, () => loadConfig({}, { JAMMI_TOPIC_BUFFER_EVENTS: '0' })).message).toBe('topicBufferEvents must be at least 1');
  });
});

describe('loadConfig: paths', () => {
  it('relative paths in a JSON file are relative to the file', () => {
    const file = writeConfig('nested/conf/jammi.json', {
      dataDir: './data',
      fileRoots: ['files', '../shared', '/abs/root'],
      tls: { certFile: 'tls/cert.pem', keyFile: '/etc/key.pem' },
    });
    const base = path.join(dir, 'nested/conf');
    const c = loadConfig({ config: file }, {});
    expect(c.dataDir).toBe(path.join(base, 'data'));
    expect(c.fileRoots).toEqual([path.join(base, 'files'), path.join(dir, 'nested/shared'), '/abs/root']);
    expect(c.tls).toEqual({ certFile: path.join(base, 'tls/cert.pem'), keyFile: '/etc/key.pem' });
  });

  it('relative paths from env and flags are relative to the working directory', () => {
    const c = loadConfig({ dataDir: 'flagdata' }, { JAMMI_FILE_ROOTS: 'envroot' });
    expect(c.dataDir).toBe(path.resolve('flagdata'));
    expect(c.fileRoots).toEqual([path.resolve('envroot')]);
  });

  it("fileRoots from env and flags split on ':' and drop empty entries", () => {
    expect(loadConfig({ fileRoots: '/a:/b/c::rel' }, {}).fileRoots).toEqual(['/a', '/b/c', path.resolve('rel')]);
    expect(loadConfig({}, { JAMMI_FILE_ROOTS: '/x:/y' }).fileRoots).toEqual(['/x', '/y']);
  });
});

describe('loadConfig / validateConfig: errors', () => {
  it.each([
    ['70000', 'port must be between 0 and 65535, got 70000'],
    ['-1', 'port must be between 0 and 65535, got -1'],
    ['abc', 'port must be an integer, got "abc"'],
    ['54.5', 'port must be an integer, got "54.5"'],
  ])('bad port %s', (port, message) => {
    expect(thrown(ConfigError, () => loadConfig({ port }, {})).message).toBe(message);
  });

  it('port 5432 is refused (it belongs to PostgreSQL), from any source', () => {
    expect(thrown(ConfigError, () => loadConfig({ port: '5432' }, {})).message).toBe('port 5432 belongs to PostgreSQL; jammi defaults to 5433');
    expect(thrown(ConfigError, () => loadConfig({}, { JAMMI_PORT: '5432' })).message).toMatch(/^port 5432 belongs to PostgreSQL/);
    const file = writeConfig('pg-port.json', { port: 5432 });
    expect(thrown(ConfigError, () => loadConfig({ config: file }, {})).message).toMatch(/^port 5432 belongs to PostgreSQL/);
  });

  it('port 0 (any free port) is allowed', () => {
    expect(loadConfig({ port: '0' }, {}).port).toBe(0);
  });

  it('an unknown key in the file names the key and the file', () => {
    const file = writeConfig('unknown-key.json', { prot: 6000 });
    const err = thrown(ConfigError, () => loadConfig({ config: file }, {}));
    expect(err.message.startsWith(`unknown setting "prot" in ${file}; known: host, port, dataDir`)).toBe(true);
  });

  it('a bad auth method', () => {
    const file = writeConfig('auth-bad.json', { auth: { method: 'kerberos', users: { a: 'b' } } });
    expect(thrown(ConfigError, () => loadConfig({ config: file }, {})).message).toBe(
      'auth.method must be one of trust, password, md5, scram-sha-256, got "kerberos"',
    );
  });

  it.each(['password', 'md5', 'scram-sha-256'])('auth %s without users', (method) => {
    const file = writeConfig(`auth-${method}.json`, { auth: { method } });
    expect(thrown(ConfigError, () => loadConfig({ config: file }, {})).message).toBe(`auth.method ${method} needs at least one entry in auth.users`);
  });

  it('auth with users is accepted; a non-string password is not', () => {
    const ok = writeConfig('auth-ok.json', { auth: { method: 'scram-sha-256', users: { alice: 's3cret' } } });
    expect(loadConfig({ config: ok }, {}).auth).toEqual({ method: 'scram-sha-256', users: { alice: 's3cret' } });
    const bad = writeConfig('auth-num.json', { auth: { method: 'md5', users: { alice: 123 } } });
    expect(thrown(ConfigError, () => loadConfig({ config: bad }, {})).message).toBe('auth.users.alice must be a string password');
  });

  it('a bad logLevel', () => {
    expect(thrown(ConfigError, () => loadConfig({ logLevel: 'verbose' }, {})).message).toBe(
      'logLevel must be one of debug, info, warn, error, silent, got "verbose"',
    );
  });

  it('fileRoots in a file must be a list', () => {
    const file = writeConfig('roots-num.json', { fileRoots: 5 });
    expect(thrown(ConfigError, () => loadConfig({ config: file }, {})).message).toBe('fileRoots must be a list of directories, got 5');
  });

  it('an empty entry in fileRoots of a file is refused (not widened to the file’s directory)', () => {
    const file = writeConfig('roots-empty/jammi.json', { fileRoots: ['ok', ''] });
    expect(thrown(ConfigError, () => loadConfig({ config: file }, {})).message).toMatch(/^fileRoots must be a list of directories, got /);
  });

  it('demo must read as a boolean', () => {
    expect(loadConfig({ demo: 'yes' }, {}).demo).toBe(true);
    expect(loadConfig({ demo: true }, {}).demo).toBe(true);
    expect(thrown(ConfigError, () => loadConfig({ demo: 'maybe' }, {})).message).toBe('demo must be true or false, got "maybe"');
  });

  it('planCacheSize comes from JAMMI_PLAN_CACHE_SIZE and must not be negative', () => {
    expect(loadConfig({}, { JAMMI_PLAN_CACHE_SIZE: '0' }).planCacheSize).toBe(0);
    expect(thrown(ConfigError, () => loadConfig({}, { JAMMI_PLAN_CACHE_SIZE: '-1' })).message).toBe('planCacheSize must be >= 0');
  });

  it('threads, maxConnections and maxMessageBytes have lower bounds', () => {
    expect(thrown(ConfigError, () => loadConfig({ threads: '-1' }, {})).message).toBe('threads must be >= 0');
    expect(thrown(ConfigError, () => validateConfig({ ...defaultConfig, maxConnections: 0 }, 'test')).message).toBe('maxConnections must be at least 1');
    expect(thrown(ConfigError, () => validateConfig({ ...defaultConfig, maxMessageBytes: 1023 }, 'test')).message).toBe('maxMessageBytes must be at least 1024');
  });

  it('tls needs both files', () => {
    expect(thrown(ConfigError, () => validateConfig({ ...defaultConfig, tls: { certFile: 'c' } }, 'test')).message).toBe('tls needs certFile and keyFile');
  });

  it('an unreadable or malformed file', () => {
    expect(thrown(ConfigError, () => loadConfig({ config: path.join(dir, 'missing.json') }, {})).message).toMatch(/^cannot read config file .*missing\.json: ENOENT/);
    const bad = writeConfig('bad.json', '{ "port": ');
    expect(thrown(ConfigError, () => loadConfig({ config: bad }, {})).message).toMatch(new RegExp(`^config file ${bad} is not valid JSON: `));
    const arr = writeConfig('array.json', '[1]');
    expect(thrown(ConfigError, () => loadConfig({ config: arr }, {})).message).toBe(`config file ${arr} is not valid JSON: top level must be an object`);
  });

  it('an empty dataDir', () => {
    expect(thrown(ConfigError, () => validateConfig({ ...defaultConfig, dataDir: '' }, 'test')).message).toBe('dataDir must not be empty');
  });

  it('an empty dataDir in a file is refused too (not turned into the file’s directory)', () => {
    const file = writeConfig('datadir-empty/jammi.json', { dataDir: '' });
    expect(thrown(ConfigError, () => loadConfig({ config: file }, {})).message).toBe('dataDir must not be empty');
  });
});
