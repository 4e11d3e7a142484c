export { serveCommand } from './serve-command.js';
export { sqlCommand, withClient, type SqlTarget } from './sql-command.js';
export { formatTable } from './table-format.js';
