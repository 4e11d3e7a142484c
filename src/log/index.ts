import type { LogLevel } from '../config/index.js';

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/** A leveled logger writing one line per event to stderr (stdout is kept for the listening line and CLI output). */
export interface Logger {
  debug(msg: string, extra?: unknown): void;
  info(msg: string, extra?: unknown): void;
  warn(msg: string, extra?: unknown): void;
  error(msg: string, extra?: unknown): void;
}

/** Create a logger that drops events below `level`. */
export function createLogger(level: LogLevel = 'info'): Logger {
  const at = order[level];
  const emit = (lvl: LogLevel, msg: string, extra?: unknown) => {
    if (order[lvl] < at) return;
    const tail = extra === undefined ? '' : ' ' + formatExtra(extra);
    process.stderr.write(`${new Date().toISOString()} ${lvl.toUpperCase()} ${msg}${tail}\n`);
  };
  return {
    debug: (m, e) => emit('debug', m, e),
    info: (m, e) => emit('info', m, e),
    warn: (m, e) => emit('warn', m, e),
    error: (m, e) => emit('error', m, e),
  };
}

function formatExtra(extra: unknown): string {
  if (extra instanceof Error) return extra.stack ?? extra.message;
  try {
    return JSON.stringify(extra);
  } catch {
    return String(extra);
  }
}

/** A logger that prints nothing (tests, CLI one-shots). */
export const silentLogger: Logger = createLogger('silent');
