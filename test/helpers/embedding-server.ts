/**
 * A small real HTTP server that speaks OpenAI's `/v1/embeddings` and Ollama's `/api/embed`,
 * for testing jammi's HTTP embedding provider. Its vectors are hash-384's, scaled by 3 (so a
 * client that forgets to normalise is caught), and OpenAI answers list them in reverse order
 * (so a client that ignores `index` is caught). Tests script failures per request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { hashEmbed } from '../../src/models/index.js';

/** What to do with one request instead of answering normally. */
export type Scripted =
  | { status: number; body?: string; retryAfter?: number }
  /** Answer normally, after a delay. */
  | { delayMs: number }
  /** Answer 200 with this raw body. */
  | { raw: string }
  /** Drop the connection without answering. */
  | { destroy: true };

export interface RecordedRequest {
  path: string;
  body: { model?: string; input?: string[] };
  authorization?: string;
}

export interface EmbeddingServer {
  /** `http://127.0.0.1:<port>` (no path). */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Scripted behaviours, consumed one per request; when empty the server answers normally. */
  readonly script: Scripted[];
  close(): Promise<void>;
}

/** The vector the server gives `text` (before the client normalises it). */
export const serverVector = (text: string): number[] => Array.from(hashEmbed(text), (x) => x * 3);

export async function startEmbeddingServer(): Promise<EmbeddingServer> {
  const requests: RecordedRequest[] = [];
  const script: Scripted[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: RecordedRequest['body'] = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RecordedRequest['body'];
      } catch {
        // recorded as {}: the test checks what it sent
      }
      const path = req.url ?? '';
      requests.push({ path, body, authorization: req.headers.authorization });
      const step = script.shift();
      const send = (status: number, text: string, headers: Record<string, string> = {}) => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(text);
      };
      const answer = () => {
        const input = body.input ?? [];
        if (path === '/v1/embeddings') {
          const data = input.map((t, index) => ({ object: 'embedding', index, embedding: serverVector(t) })).reverse();
          send(200, JSON.stringify({ object: 'list', data, model: body.model, usage: { prompt_tokens: 0, total_tokens: 0 } }));
        } else if (path === '/api/embed') {
          send(200, JSON.stringify({ model: body.model, embeddings: input.map(serverVector) }));
        } else send(404, JSON.stringify({ error: `no route ${path}` }));
      };
      if (!step) return answer();
      if ('destroy' in step) return void req.socket.destroy();
      if ('raw' in step) return send(200, step.raw);
      if ('delayMs' in step) return void setTimeout(answer, step.delayMs);
      send(step.status, step.body ?? JSON.stringify({ error: { message: `scripted ${step.status}` } }), step.retryAfter === undefined ? {} : { 'retry-after': String(step.retryAfter) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
