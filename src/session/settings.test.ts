import { describe, expect, it } from 'vitest';
import { PgError } from '../errors/index.js';
import { displayName, parseOptions, reportedSettings, SessionSettings, settingsCatalogRows } from './settings.js';
import { thrown } from '../../test/helpers/thrown.js';

const engineOptions = new Set(['threads', 'memory_limit']);
const fresh = (startup: Record<string, string> = {}) => new SessionSettings(startup, engineOptions);

describe('SessionSettings: defaults', () => {
  const s = fresh();
  it.each([
    ['DateStyle', 'ISO, MDY'],
    ['TimeZone', 'UTC'],
    ['server_version', '15.20'],
    ['server_version_num', '150020'],
    ['standard_conforming_strings', 'on'],
    ['integer_datetimes', 'on'],
    ['IntervalStyle', 'postgres'],
    ['client_encoding', 'UTF8'],
    ['server_encoding', 'UTF8'],
    ['extra_float_digits', '1'],
    ['is_superuser', 'on'],
    ['session_authorization', 'jammi'],
    ['search_path', '"$user", public'],
  ])('%s = %s', (name, value) => {
    expect(s.get(name)).toBe(value);
  });

  it('names are case-insensitive and unknown names are undefined', () => {
    expect(s.get('datestyle')).toBe('ISO, MDY');
    expect(s.get('TIMEZONE')).toBe('UTC');
    expect(s.get('no_such_setting')).toBeUndefined();
  });

  it('display names keep Postgres’s capitalisation', () => {
    expect(displayName('datestyle')).toBe('DateStyle');
    expect(displayName('TIMEZONE')).toBe('TimeZone');
    expect(displayName('work_mem')).toBe('work_mem');
    expect(displayName('my.custom')).toBe('my.custom');
  });

  it('all() lists every setting sorted, with display names', () => {
    const all = fresh().all();
    expect(all.find((r) => r.name === 'TimeZone')).toEqual({ name: 'TimeZone', value: 'UTC', description: 'Sets the time zone for displaying and interpreting time stamps.' });
    expect(all.find((r) => r.name === 'server_version')?.value).toBe('15.20');
    expect(all.length).toBeGreaterThan(200);
  });
});

describe('SessionSettings: startup parameters', () => {
  it('user, application_name and GUCs from the startup packet', () => {
    const s = fresh({ user: 'alice', database: 'db', application_name: 'psql', DateStyle: 'iso, dmy', TimeZone: 'Asia/Kolkata', extra_float_digits: '3' });
    expect([s.get('session_authorization'), s.get('application_name'), s.get('DateStyle'), s.get('TimeZone'), s.get('extra_float_digits')]).toEqual([
      'alice',
      'psql',
      'ISO, DMY',
      'Asia/Kolkata',
      '3',
    ]);
  });

  it('custom dotted names are kept; jammi.tenant is lower-cased', () => {
    const s = fresh({ 'myapp.flag': 'Yes', 'jammi.tenant': 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11' });
    expect(s.get('myapp.flag')).toBe('Yes');
    expect(s.get('jammi.tenant')).toBe('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
  });

  it('unknown undotted startup keys are ignored', () => {
    expect(fresh({ client_gizmo: 'x' }).get('client_gizmo')).toBeUndefined();
  });

  it('options: -c name=value, -cname=value and --name=value (dashes become underscores)', () => {
    const s = fresh({ options: '-c geqo=off --search_path=foo -cwork_mem=64MB --client-min-messages=warning -c application_name=my\\ app' });
    expect([s.get('geqo'), s.get('search_path'), s.get('work_mem'), s.get('client_min_messages'), s.get('application_name')]).toEqual([
      'off',
      'foo',
      '64MB',
      'warning',
      'my app',
    ]);
  });

  it('a bad value in startup is refused with the same error as SET', () => {
    expect(thrown(PgError, () => fresh({ DateStyle: 'German' })).code).toBe('0A000');
    expect(thrown(PgError, () => fresh({ options: '-c geqo=perhaps' })).code).toBe('22023');
    expect(thrown(PgError, () => fresh({ options: '-c no_such=1' })).code).toBe('42704');
  });

  it('parseOptions', () => {
    expect(parseOptions('-c a=b  -c   x.y=1 --foo-bar=baz -cq=r junk -c')).toEqual([
      ['a', 'b'],
      ['x.y', '1'],
      ['foo_bar', 'baz'],
      ['q', 'r'],
    ]);
    expect(parseOptions('')).toEqual([]);
    expect(parseOptions('-c search_path=a\\,\\ b')).toEqual([['search_path', 'a, b']]);
  });
});

describe('SessionSettings: SET, RESET, RESET ALL', () => {
  it('SET returns the changed name, and [] when the value did not change', () => {
    const s = fresh();
    expect(s.set('TimeZone', 'America/New_York', false, false)).toEqual(['timezone']);
    expect(s.get('timezone')).toBe('America/New_York');
    expect(s.set('timezone', 'America/New_York', false, false)).toEqual([]);
  });

  it('SET normalises values', () => {
    const s = fresh();
    s.set('enable_seqscan', 'FALSE', false, false);
    s.set('DateStyle', 'ISO, European', false, false);
    s.set('client_min_messages', 'WARNING', false, false);
    s.set('client_encoding', 'unicode', false, false);
    expect([s.get('enable_seqscan'), s.get('DateStyle'), s.get('client_min_messages'), s.get('client_encoding')]).toEqual(['off', 'ISO, DMY', 'warning', 'UTF8']);
  });

  it('SET ... TO DEFAULT goes back to the session default', () => {
    const s = fresh({ options: '-c work_mem=8MB' });
    s.set('work_mem', '1GB', false, false);
    expect(s.set('work_mem', null, false, false)).toEqual(['work_mem']);
    expect(s.get('work_mem')).toBe('8MB');
  });

  it('RESET restores the startup value, not the boot value', () => {
    const s = fresh({ TimeZone: 'Asia/Kolkata' });
    s.set('TimeZone', 'UTC', false, false);
    expect(s.reset('timezone')).toEqual(['timezone']);
    expect(s.get('TimeZone')).toBe('Asia/Kolkata');
    expect(s.reset('timezone')).toEqual([]);
  });

  it('RESET ALL returns every name whose value changes', () => {
    const s = fresh();
    s.set('TimeZone', 'Asia/Kolkata', false, false);
    s.set('geqo', 'off', false, false);
    s.set('work_mem', '4096', false, false); // same as the default
    expect(s.resetAll().sort()).toEqual(['geqo', 'timezone']);
    expect([s.get('TimeZone'), s.get('geqo')]).toEqual(['UTC', 'on']);
  });

  it('custom dotted settings can be set, read and reset', () => {
    const s = fresh();
    expect(s.set('myapp.user_id', '42', false, false)).toEqual(['myapp.user_id']);
    expect(s.get('MYAPP.USER_ID')).toBe('42');
    s.reset('myapp.user_id');
    expect(s.get('myapp.user_id')).toBeUndefined();
  });
});

describe('SessionSettings: SET LOCAL', () => {
  it('reverts at the end of the transaction and reports the revert', () => {
    const s = fresh();
    expect(s.set('TimeZone', 'Asia/Kolkata', true, true)).toEqual(['timezone']);
    expect(s.get('TimeZone')).toBe('Asia/Kolkata');
    expect(s.endTransaction(true)).toEqual(['timezone']);
    expect(s.get('TimeZone')).toBe('UTC');
    expect(s.endTransaction(true)).toEqual([]);
  });

  it('reverts to the session value set before it', () => {
    const s = fresh();
    s.set('work_mem', '8MB', false, false);
    s.set('work_mem', '1GB', true, true);
    s.set('work_mem', '2GB', true, true);
    s.endTransaction(true);
    expect(s.get('work_mem')).toBe('8MB');
  });

  it('a plain SET after SET LOCAL in the same transaction survives the end', () => {
    const s = fresh();
    s.set('geqo', 'off', true, true);
    s.set('geqo', 'off', false, true);
    expect(s.endTransaction(true)).toEqual([]);
    expect(s.get('geqo')).toBe('off');
  });

  it('outside a transaction block it has no effect', () => {
    const s = fresh();
    expect(s.set('TimeZone', 'Asia/Kolkata', true, false)).toEqual([]);
    expect(s.get('TimeZone')).toBe('UTC');
  });
});

describe('SessionSettings: validation errors', () => {
  const s = fresh();
  it.each([
    ['unknown parameter', 'no_such_setting', '1', '42704', 'unrecognized configuration parameter "no_such_setting"'],
    ['engine option', 'threads', '4', '42501', 'permission denied to set parameter "threads"'],
    ['engine option (any case)', 'Memory_Limit', '1GB', '42501', 'permission denied to set parameter "memory_limit"'],
    ['bad enum', 'client_min_messages', 'loud', '22023', 'invalid value for parameter "client_min_messages": "loud"'],
    ['bad bool', 'enable_seqscan', 'maybe', '22023', 'parameter "enable_seqscan" requires a Boolean value'],
    ['bad integer', 'statement_timeout', 'soon', '22023', 'invalid value for parameter "statement_timeout": "soon"'],
    ['bad real', 'geqo_seed', 'x', '22023', 'invalid value for parameter "geqo_seed": "x"'],
    ['internal server_version', 'server_version', '16', '55P02', 'parameter "server_version" cannot be changed now'],
    ['internal integer_datetimes', 'integer_datetimes', 'off', '55P02', 'parameter "integer_datetimes" cannot be changed now'],
    ['superuser-backend log_connections', 'log_connections', 'on', '55P02', 'parameter "log_connections" cannot be changed now'],
    ['unknown time zone', 'TimeZone', 'Mars/Base', '22023', 'invalid value for parameter "TimeZone": "Mars/Base"'],
    ['client_encoding other than UTF8', 'client_encoding', 'LATIN1', '0A000', 'client encoding "LATIN1" is not supported; jammi speaks UTF8'],
    ['non-ISO DateStyle', 'DateStyle', 'SQL, DMY', '0A000', 'DateStyle "SQL, DMY" is not supported; jammi prints dates in ISO format'],
    ['jammi.tenant not a uuid', 'jammi.tenant', 'acme', '22023', 'invalid value for parameter "jammi.tenant": "acme"'],
  ])('%s', (_what, name, value, code, message) => {
    const err = thrown(PgError, () => s.set(name, value, false, false));
    expect(err.code).toBe(code);
    expect(err.message).toBe(message);
  });

  it('the engine-option error explains itself in its detail', () => {
    expect(thrown(PgError, () => s.validate('threads', '4')).fields.detail).toBe('Engine options are set by the server operator, not by clients.');
  });

  it('the bad-enum error lists the allowed values', () => {
    expect(thrown(PgError, () => s.validate('bytea_output', 'base64')).fields.hint).toBe('Available values: escape, hex.');
  });

  it('a failed SET leaves the value unchanged', () => {
    const t = fresh();
    thrown(PgError, () => t.set('enable_seqscan', 'maybe', false, false));
    expect(t.get('enable_seqscan')).toBe('on');
  });

  it('RESET of an internal parameter is 55P02, of an unknown one 42704', () => {
    expect(thrown(PgError, () => fresh().reset('server_version')).code).toBe('55P02');
    expect(thrown(PgError, () => fresh().reset('no_such_setting')).code).toBe('42704');
  });

  it('jammi.tenant accepts a uuid (lower-cased) and the empty string', () => {
    const t = fresh();
    t.set('jammi.tenant', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', false, false);
    expect(t.get('jammi.tenant')).toBe('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
    t.set('jammi.tenant', '', false, false);
    expect(t.get('jammi.tenant')).toBe('');
  });

  it('extra_float_digits outside -15..3 is 22023, as in Postgres', () => {
    expect(thrown(PgError, () => fresh().set('extra_float_digits', '4', false, false)).code).toBe('22023');
    expect(thrown(PgError, () => fresh().set('extra_float_digits', '-16', false, false)).code).toBe('22023');
  });

  it('IntervalStyle other than postgres is refused as not supported (only that style is printed)', () => {
    expect(thrown(PgError, () => fresh().set('IntervalStyle', 'sql_standard', false, false)).code).toBe('0A000');
    expect(fresh().set('IntervalStyle', 'postgres', false, false)).toEqual([]);
  });

  it('an unknown IntervalStyle is still 22023', () => {
    expect(thrown(PgError, () => fresh().set('IntervalStyle', 'fancy', false, false)).code).toBe('22023');
  });
});

describe('SessionSettings: isReported', () => {
  it('is true for exactly the settings Postgres reports in ParameterStatus', () => {
    const s = fresh();
    for (const name of reportedSettings) expect(s.isReported(name)).toBe(true);
    expect(s.isReported('timezone')).toBe(true);
    expect(s.isReported('DATESTYLE')).toBe(true);
    expect(s.isReported('work_mem')).toBe(false);
    expect(s.isReported('search_path')).toBe(false);
    expect(s.isReported('jammi.tenant')).toBe(false);
    expect([...reportedSettings].sort()).toEqual(
      [
        'application_name',
        'client_encoding',
        'DateStyle',
        'default_transaction_read_only',
        'in_hot_standby',
        'integer_datetimes',
        'IntervalStyle',
        'is_superuser',
        'server_encoding',
        'server_version',
        'session_authorization',
        'standard_conforming_strings',
        'TimeZone',
      ].sort(),
    );
  });
});

describe('SessionSettings: transaction characteristics and pg_settings', () => {
  it('transaction_isolation starts from default_transaction_isolation; a SET LOCAL one ends with the transaction', () => {
    const s = fresh();
    expect(s.get('transaction_isolation')).toBe('read committed');
    s.set('default_transaction_isolation', 'serializable', false, false);
    expect(s.get('transaction_isolation')).toBe('serializable');
    s.beginTransaction();
    s.set('transaction_isolation', 'repeatable read', true, true);
    expect(s.get('transaction_isolation')).toBe('repeatable read');
    s.endTransaction(true);
    expect(s.get('transaction_isolation')).toBe('serializable');
  });

  it('pg_settings rows carry jammi\'s defaults; changedFromDefaults lists what differs', () => {
    const rows = settingsCatalogRows();
    expect(rows.find((r) => r.name === 'max_index_keys')).toMatchObject({ setting: '32', vartype: 'integer', context: 'internal' });
    expect(rows.find((r) => r.name === 'TimeZone')).toMatchObject({ setting: 'UTC' });
    const s = fresh({ application_name: 'app' });
    s.set('extra_float_digits', '3', false, false);
    expect(s.changedFromDefaults()).toEqual(expect.arrayContaining([['extra_float_digits', '3'], ['application_name', 'app']]));
    expect(s.changedFromDefaults().map(([n]) => n)).not.toContain('timezone');
  });
});
