import { PgError, SqlStates } from '../errors/index.js';
import { isKnownTimeZone } from '../types/index.js';
import { canonicalTimeZone } from './time-zone.js';
import generated from './pg-settings.json' with { type: 'json' };

interface PgSettingDef {
  name: string;
  display: string;
  vartype: 'bool' | 'integer' | 'real' | 'string' | 'enum';
  unit: string | null;
  category: string;
  boot: string | null;
  enumvals: string[] | null;
  min: string | null;
  max: string | null;
  context: string;
  description: string;
}

// Generated from a real PostgreSQL 15 by scripts/gen-pg-settings.sh.

const pgSettings = (generated as { settings: PgSettingDef[] }).settings;
const defs = new Map(pgSettings.map((d) => [d.name, d]));

/** Where jammi's defaults differ from Postgres's boot values (they are what a fresh cluster reports). */
const jammiDefaults: Record<string, string> = {
  server_version: '15.20',
  server_version_num: '150020',
  server_encoding: 'UTF8',
  client_encoding: 'UTF8',
  lc_collate: 'C.UTF-8',
  lc_ctype: 'C.UTF-8',
  timezone: 'UTC',
  log_timezone: 'UTC',
  is_superuser: 'on',
};

/** Settings each transaction starts with the value of another (SHOW transaction_isolation outside a block shows the default). */
const transactionDefaults: Record<string, string> = {
  transaction_isolation: 'default_transaction_isolation',
  transaction_deferrable: 'default_transaction_deferrable',
};

/** Settings Postgres reports to the client in ParameterStatus whenever they change. */
export const reportedSettings = [
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
] as const;
const reportedLower = new Set(reportedSettings.map((s) => s.toLowerCase()));

const boolWords: Record<string, string> = { on: 'on', off: 'off', true: 'on', false: 'off', yes: 'on', no: 'off', '1': 'on', '0': 'off', t: 'on', f: 'off', y: 'on', n: 'off' };

/** Output-format settings jammi implements in one style only. */
const outputOnly: Record<string, string> = { intervalstyle: 'postgres', bytea_output: 'hex' };

const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The value a setting has before anyone sets it: jammi's default, else Postgres's boot value. */
const staticDefault = (d: PgSettingDef): string => jammiDefaults[d.name] ?? d.boot ?? '';

/**
 * pg_settings' rows as a fresh session sees them (the emulated catalog serves them; a
 * session's own values overlay them from the engine variable named by SETTINGS_VARIABLE).
 */
export function settingsCatalogRows(): Record<string, unknown>[] {
  return pgSettings.map((d) => ({
    name: d.display,
    setting: staticDefault(d),
    unit: d.unit,
    category: d.category,
    short_desc: d.description,
    extra_desc: null,
    context: d.context,
    vartype: d.vartype,
    source: 'default',
    min_val: d.min,
    max_val: d.max,
    enumvals: d.enumvals,
    boot_val: d.boot,
    reset_val: staticDefault(d),
    sourcefile: null,
    sourceline: null,
    pending_restart: false,
  }));
}

/** Display name of a setting as SHOW and ParameterStatus spell it (`DateStyle`, `TimeZone`). */
export function displayName(name: string): string {
  return defs.get(name.toLowerCase())?.display ?? name;
}

/**
 * One session's settings (GUCs): Postgres's names, defaults and validation, with LOCAL
 * values that end with the transaction. DuckDB's own options are not settings here: a
 * client setting one gets 42501.
 */
export class SessionSettings {
  private readonly values = new Map<string, string>();
  /** Values to restore at transaction end, for settings changed with SET LOCAL. */
  private readonly localSaved = new Map<string, string | undefined>();
  /** Values at BEGIN, restored on ROLLBACK. */
  private txSnapshot: Map<string, string> | null = null;
  private readonly sessionDefaults: Map<string, string>;

  constructor(
    startup: Record<string, string>,
    private readonly engineOptions: ReadonlySet<string>,
  ) {
    this.sessionDefaults = new Map();
    this.sessionDefaults.set('session_authorization', startup.user ?? 'jammi');
    if (startup.application_name !== undefined) this.sessionDefaults.set('application_name', startup.application_name);
    for (const [k, v] of Object.entries(startup)) {
      const name = k.toLowerCase();
      if (['user', 'database', 'options', 'replication', 'application_name'].includes(name)) continue;
      // Startup packets may carry any GUC (libpq's PGOPTIONS, JDBC's connection properties).
      if (defs.has(name) || name.includes('.')) this.sessionDefaults.set(name, this.validate(name, v));
    }
    for (const [name, value] of parseOptions(startup.options ?? '')) this.sessionDefaults.set(name, this.validate(name, value));
  }

  /** The current value, or undefined for an unknown name. */
  get(name: string): string | undefined {
    const n = name.toLowerCase();
    return this.values.get(n) ?? this.defaultOf(n);
  }

  private defaultOf(n: string): string | undefined {
    // A transaction's characteristics start from the session's defaults (SET SESSION CHARACTERISTICS).
    const fromDefault = transactionDefaults[n];
    if (fromDefault) return this.get(fromDefault);
    return this.sessionDefaults.get(n) ?? jammiDefaults[n] ?? defs.get(n)?.boot ?? undefined;
  }

  /** Postgres's settings whose value differs from pg_settings' static row (lower-case names), for the catalog's overlay. */
  changedFromDefaults(): [string, string][] {
    const out: [string, string][] = [];
    for (const d of pgSettings) {
      const v = this.get(d.name);
      if (v !== undefined && v !== staticDefault(d)) out.push([d.name, v]);
    }
    return out;
  }

  /** Every setting's display name and value (SHOW ALL). */
  all(): { name: string; value: string; description: string }[] {
    const names = new Set([...defs.keys(), ...this.values.keys(), ...this.sessionDefaults.keys()]);
    return [...names]
      .sort()
      .map((n) => ({ name: displayName(n), value: this.get(n) ?? '', description: defs.get(n)?.description ?? '' }));
  }

  /** Check a name may be set and normalise the value; throws the SQLSTATE Postgres would. */
  validate(name: string, raw: string): string {
    const n = name.toLowerCase();
    const def = defs.get(n);
    if (!def) {
      if (n.includes('.')) {
        if (n === 'jammi.tenant' && raw !== '' && !uuidRe.test(raw)) throw new PgError(SqlStates.invalid_parameter_value, `invalid value for parameter "jammi.tenant": "${raw}"`, { hint: 'A tenant is a UUID.' });
        return n === 'jammi.tenant' ? raw.toLowerCase() : raw;
      }
      if (this.engineOptions.has(n)) throw new PgError(SqlStates.insufficient_privilege, `permission denied to set parameter "${name}"`, { detail: 'Engine options are set by the server operator, not by clients.' });
      throw new PgError(SqlStates.undefined_object, `unrecognized configuration parameter "${name}"`);
    }
    if (def.context === 'internal' || def.context === 'backend' || def.context === 'superuser-backend') {
      throw new PgError(SqlStates.cant_change_runtime_param, `parameter "${def.name}" cannot be changed now`);
    }
    switch (def.vartype) {
      case 'bool': {
        const b = boolWords[raw.trim().toLowerCase()];
        if (!b) throw new PgError(SqlStates.invalid_parameter_value, `parameter "${def.name}" requires a Boolean value`);
        return b;
      }
      case 'integer':
      case 'real': {
        const t = raw.trim();
        const ok = def.vartype === 'integer' ? /^[+-]?\d+\s*[a-zA-Z]*$/.test(t) : t !== '' && !Number.isNaN(Number(t));
        if (!ok) throw new PgError(SqlStates.invalid_parameter_value, `invalid value for parameter "${def.name}": "${raw}"`);
        const n = Number(t.replace(/[a-zA-Z\s]+$/, ''));
        if (/^[+-]?[\d.]+$/.test(t) && def.min !== null && def.max !== null && (n < Number(def.min) || n > Number(def.max))) {
          throw new PgError(SqlStates.invalid_parameter_value, `${n} is outside the valid range for parameter "${def.name}" (${def.min} .. ${def.max})`);
        }
        return t;
      }
      case 'enum': {
        const hit = def.enumvals?.find((e) => e.toLowerCase() === raw.trim().toLowerCase());
        if (!hit) throw new PgError(SqlStates.invalid_parameter_value, `invalid value for parameter "${def.name}": "${raw}"`, { hint: `Available values: ${def.enumvals?.join(', ')}.` });
        const only = outputOnly[n];
        if (only && hit !== only) throw new PgError(SqlStates.feature_not_supported, `${def.name} "${hit}" is not supported; jammi prints values in the "${only}" style`);
        return hit;
      }
      default:
        return this.validateString(n, raw);
    }
  }

  private validateString(n: string, raw: string): string {
    if (n === 'timezone') {
      if (!isKnownTimeZone(raw)) throw new PgError(SqlStates.invalid_parameter_value, `invalid value for parameter "TimeZone": "${raw}"`);
      return canonicalTimeZone(raw);
    }
    if (n === 'client_encoding') {
      if (!['utf8', 'utf-8', 'unicode'].includes(raw.toLowerCase())) throw new PgError(SqlStates.feature_not_supported, `client encoding "${raw}" is not supported; jammi speaks UTF8`);
      return 'UTF8';
    }
    if (n === 'datestyle') {
      const parts = raw.split(',').map((p) => p.trim().toLowerCase());
      if (parts.some((p) => !['iso', 'mdy', 'dmy', 'ymd', 'euro', 'european', 'us', 'noneuro', 'noneuropean'].includes(p))) {
        throw new PgError(SqlStates.feature_not_supported, `DateStyle "${raw}" is not supported; jammi prints dates in ISO format`);
      }
      const order = parts.find((p) => ['mdy', 'dmy', 'ymd'].includes(p))?.toUpperCase() ?? (parts.some((p) => p.startsWith('euro')) ? 'DMY' : 'MDY');
      return `ISO, ${order}`;
    }
    return raw;
  }

  /** SET [LOCAL] name = value (null = DEFAULT). Returns the names whose value changed. */
  set(name: string, raw: string | null, local: boolean, inTransaction: boolean): string[] {
    const n = name.toLowerCase();
    const value = raw === null ? this.defaultOf(n) : this.validate(n, raw);
    if (raw === null) this.validate(n, value ?? '');
    const before = this.get(n);
    if (local) {
      // SET LOCAL outside a transaction block has no effect, as in Postgres (with a warning there).
      if (!inTransaction) return [];
      if (!this.localSaved.has(n)) this.localSaved.set(n, this.values.get(n));
    } else if (inTransaction && this.localSaved.has(n)) {
      this.localSaved.delete(n);
    }
    if (value === undefined) this.values.delete(n);
    else this.values.set(n, value);
    return before === this.get(n) ? [] : [n];
  }

  /** RESET name. */
  reset(name: string): string[] {
    const n = name.toLowerCase();
    this.validate(n, this.defaultOf(n) ?? '');
    const before = this.get(n);
    this.values.delete(n);
    return before === this.get(n) ? [] : [n];
  }

  /** RESET ALL / DISCARD ALL. */
  resetAll(): string[] {
    const changed = [...this.values.keys()].filter((n) => this.values.get(n) !== this.defaultOf(n));
    this.values.clear();
    this.localSaved.clear();
    return changed;
  }

  /** A transaction block began: remember the settings so a rollback can restore them. */
  beginTransaction(): void {
    this.txSnapshot = new Map(this.values);
  }

  /**
   * End of transaction: SET LOCAL values revert; on rollback every SET made inside the
   * transaction is undone too, as in Postgres. Returns the names whose value changed.
   */
  endTransaction(committed: boolean): string[] {
    const names = new Set([...this.values.keys(), ...(this.txSnapshot?.keys() ?? []), ...this.localSaved.keys()]);
    const before = new Map([...names].map((n) => [n, this.get(n)]));
    if (!committed && this.txSnapshot) {
      this.values.clear();
      for (const [k, v] of this.txSnapshot) this.values.set(k, v);
    } else {
      for (const [n, prev] of this.localSaved) {
        if (prev === undefined) this.values.delete(n);
        else this.values.set(n, prev);
      }
    }
    this.localSaved.clear();
    this.txSnapshot = null;
    return [...names].filter((n) => before.get(n) !== this.get(n));
  }

  /** Whether a change to `name` must be reported with ParameterStatus. */
  isReported(name: string): boolean {
    return reportedLower.has(name.toLowerCase());
  }
}

/** `-c name=value` and `--name=value` pairs from the startup `options` parameter. */
export function parseOptions(options: string): [string, string][] {
  const out: [string, string][] = [];
  const tokens = options.match(/(?:\\.|\S)+/g) ?? [];
  for (let i = 0; i < tokens.length; i++) {
    let t = tokens[i].replace(/\\(.)/g, '$1');
    if (t === '-c' && i + 1 < tokens.length) t = tokens[++i].replace(/\\(.)/g, '$1');
    else if (t.startsWith('-c')) t = t.slice(2);
    else if (t.startsWith('--')) t = t.slice(2);
    else continue;
    const eq = t.indexOf('=');
    if (eq > 0) out.push([t.slice(0, eq).toLowerCase().replace(/-/g, '_'), t.slice(eq + 1)]);
  }
  return out;
}
