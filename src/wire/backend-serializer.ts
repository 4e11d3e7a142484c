import type { PgError } from '../errors/pg-error.js';
import { BufferWriter } from './buffer-writer.js';
import { BackendCode, type TransactionStatus } from './message-codes.js';
import type { FieldDescription } from './messages.js';

/**
 * Builds backend messages into one connection's output buffer. Each method is one message
 * of the spec; `flush()` hands the bytes to the socket.
 * @see https://www.postgresql.org/docs/15/protocol-message-formats.html
 */
export class BackendSerializer {
  readonly out = new BufferWriter();

  /** @see https://www.postgresql.org/docs/15/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-PARAMETERSTATUS */
  parameterStatus(name: string, value: string): void {
    this.out.begin(BackendCode.ParameterStatus).cstring(name).cstring(value).end();
  }

  /** @see https://www.postgresql.org/docs/15/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-BACKENDKEYDATA */
  backendKeyData(pid: number, secret: number): void {
    this.out.begin(BackendCode.BackendKeyData).int32(pid).int32(secret).end();
  }

  /** @see https://www.postgresql.org/docs/15/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-READYFORQUERY */
  readyForQuery(status: TransactionStatus): void {
    this.out.begin(BackendCode.ReadyForQuery).byte(status.charCodeAt(0)).end();
  }

  /** @see https://www.postgresql.org/docs/15/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-ROWDESCRIPTION */
  rowDescription(fields: readonly FieldDescription[]): void {
    const w = this.out.begin(BackendCode.RowDescription).int16(fields.length);
    for (const f of fields) {
      w.cstring(f.name).int32(f.tableOid).int16(f.columnAttr).int32(f.typeOid).int16(f.typeSize).int32(f.typeModifier).int16(f.format);
    }
    w.end();
  }

  /** @see https://www.postgresql.org/docs/15/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-DATAROW */
  dataRow(cells: readonly (string | Uint8Array | null)[]): void {
    const w = this.out.begin(BackendCode.DataRow).int16(cells.length);
    for (const c of cells) w.value(c);
    w.end();
  }

  /** @see https://www.postgresql.org/docs/15/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-COMMANDCOMPLETE */
  commandComplete(tag: string): void {
    this.out.begin(BackendCode.CommandComplete).cstring(tag).end();
  }

  /** @see https://www.postgresql.org/docs/15/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-EMPTYQUERYRESPONSE */
  emptyQueryResponse(): void {
    this.out.begin(BackendCode.EmptyQueryResponse).end();
  }

  parseComplete(): void {
    this.out.begin(BackendCode.ParseComplete).end();
  }

  bindComplete(): void {
    this.out.begin(BackendCode.BindComplete).end();
  }

  closeComplete(): void {
    this.out.begin(BackendCode.CloseComplete).end();
  }

  noData(): void {
    this.out.begin(BackendCode.NoData).end();
  }

  /** @see https://www.postgresql.org/docs/15/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-PORTALSUSPENDED */
  portalSuspended(): void {
    this.out.begin(BackendCode.PortalSuspended).end();
  }

  /** @see https://www.postgresql.org/docs/15/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-PARAMETERDESCRIPTION */
  parameterDescription(oids: readonly number[]): void {
    const w = this.out.begin(BackendCode.ParameterDescription).int16(oids.length);
    for (const o of oids) w.int32(o);
    w.end();
  }

  /** @see https://www.postgresql.org/docs/15/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-NOTIFICATIONRESPONSE */
  notification(pid: number, channel: string, payload: string): void {
    this.out.begin(BackendCode.NotificationResponse).int32(pid).cstring(channel).cstring(payload).end();
  }

  /** ErrorResponse or, for severities below ERROR, NoticeResponse, with every field set on the error. */
  error(err: PgError): void {
    this.fields(err.severity === 'NOTICE' || err.severity === 'WARNING' || err.severity === 'INFO' || err.severity === 'DEBUG' || err.severity === 'LOG' ? BackendCode.NoticeResponse : BackendCode.ErrorResponse, err);
  }

  /** @see https://www.postgresql.org/docs/15/protocol-error-fields.html */
  private fields(code: number, err: PgError): void {
    const w = this.out.begin(code);
    const f = err.fields;
    const put = (tag: string, v: string | number | undefined) => {
      if (v !== undefined && v !== '') w.byte(tag.charCodeAt(0)).cstring(String(v));
    };
    put('S', err.severity);
    put('V', err.severity);
    put('C', err.code);
    put('M', err.message);
    put('D', f.detail);
    put('H', f.hint);
    put('P', f.position);
    put('p', f.internalPosition);
    put('q', f.internalQuery);
    put('W', f.where);
    put('s', f.schema);
    put('t', f.table);
    put('c', f.column);
    put('d', f.dataType);
    put('n', f.constraint);
    put('F', f.file);
    put('L', f.line);
    put('R', f.routine);
    w.byte(0).end();
  }

  /** @see https://www.postgresql.org/docs/15/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-COPYOUTRESPONSE */
  copyOutResponse(format: 0 | 1, columnFormats: readonly (0 | 1)[]): void {
    const w = this.out.begin(BackendCode.CopyOutResponse).byte(format).int16(columnFormats.length);
    for (const c of columnFormats) w.int16(c);
    w.end();
  }

  /** @see https://www.postgresql.org/docs/15/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-COPYINRESPONSE */
  copyInResponse(format: 0 | 1, columnFormats: readonly (0 | 1)[]): void {
    const w = this.out.begin(BackendCode.CopyInResponse).byte(format).int16(columnFormats.length);
    for (const c of columnFormats) w.int16(c);
    w.end();
  }

  /** @see https://www.postgresql.org/docs/15/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-COPYDATA */
  copyData(data: Uint8Array | string): void {
    const w = this.out.begin(BackendCode.CopyData);
    if (typeof data === 'string') w.utf8(data);
    else w.bytes(data);
    w.end();
  }

  copyDone(): void {
    this.out.begin(BackendCode.CopyDone).end();
  }

  /** Bytes buffered and not yet flushed. */
  get pendingBytes(): number {
    return this.out.length;
  }

  /** Take the buffered bytes for writing to the socket. */
  flush(): Buffer {
    return this.out.take();
  }
}
