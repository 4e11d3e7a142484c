export { BackendSerializer } from './backend-serializer.js';
export { BufferWriter } from './buffer-writer.js';
export { BufferReader } from './buffer-reader.js';
export { FrontendParser, decodeMessage } from './frontend-parser.js';
export { BackendCode, FrontendCode, StartupCode, type FormatCode, type TransactionStatus } from './message-codes.js';
export type { FieldDescription, FrontendMessage, FrontendMessageType } from './messages.js';
export type { ConnectionHandler, ConnectionHandlerFactory, HandlerOutcome, ProtocolOutput, StartupInfo } from './connection.types.js';
export { startWireServer, type WireServer, type WireServerOptions } from './server.js';
