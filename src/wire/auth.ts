import { randomBytes } from 'node:crypto';
import { BackendError, createPreHashedPassword, createScramSha256Data, type PostgresConnectionOptions, type ScramSha256Data } from 'pg-gateway';
import type { AuthConfig } from '../config/index.js';

type AuthOptions = NonNullable<PostgresConnectionOptions['auth']>;

/**
 * pg-gateway 0.3.0-beta.4 reports a failed SCRAM exchange as 28000; Postgres (and its
 * other flows) say 28P01 invalid_password. Its errors all pass through BackendError.create.
 * Remove when pg-gateway sends 28P01 for SCRAM.
 */
const createError = BackendError.create.bind(BackendError);
BackendError.create = (fields: Parameters<typeof BackendError.create>[0]) =>
  createError(fields.code === '28000' && String(fields.message).startsWith('password authentication failed') ? { ...fields, code: '28P01' } : fields);

/** A password no client can know, used for unknown users so they fail like a wrong password (no user enumeration). */
const impossible = () => randomBytes(24).toString('base64');

/**
 * Build pg-gateway's auth options from the config. SCRAM verifiers are derived once per
 * user at startup (4096 PBKDF2 iterations each) instead of per connection.
 */
export async function buildAuth(cfg: AuthConfig): Promise<AuthOptions> {
  const users = cfg.users;
  switch (cfg.method) {
    case 'trust':
      return { method: 'trust' };
    case 'password':
      return { method: 'password', getClearTextPassword: ({ username }) => users[username] ?? impossible() };
    case 'md5': {
      const hashes = new Map<string, string>();
      for (const [u, p] of Object.entries(users)) hashes.set(u, await createPreHashedPassword(u, p));
      return { method: 'md5', getPreHashedPassword: async ({ username }) => hashes.get(username) ?? (await createPreHashedPassword(username, impossible())) };
    }
    case 'scram-sha-256': {
      const verifiers = new Map<string, ScramSha256Data>();
      for (const [u, p] of Object.entries(users)) verifiers.set(u, await createScramSha256Data(p));
      const unknown = await createScramSha256Data(impossible());
      return { method: 'scram-sha-256', getScramSha256Data: ({ username }) => verifiers.get(username) ?? unknown };
    }
  }
}
