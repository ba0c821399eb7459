// Every body read is bounded by the call's deadline and signal: a body whose read never settles (Node's fetch
// under a lying Content-Encoding has been seen to do that) still ends at `totalMs` / `requestMs`, and promptly on
// abort, for success and error replies alike.
import { describe, expect, it, vi } from 'vitest';
import { createLmStudioClient, type LmStudioClient } from '../../src/index.js';
import { lmStudioError } from '../support/assertions.js';
import { useServers } from '../support/loopback-server.js';

vi.setConfig({ testTimeout: 15_000 });

const serve = useServers();
const messages = [{ role: 'user' as const, content: 'hi' }];

/** A response whose body read never settles, not even when cancelled. */
function stuckResponse(status: number, type = 'application/json'): Response {
  const never = (): Promise<never> => new Promise<never>(() => undefined);
  const body = { getReader: () => ({ read: never, cancel: never, releaseLock: () => undefined }), cancel: never };
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: '',
    headers: new Headers({ 'content-type': type }),
    body,
    text: never,
    json: never,
    arrayBuffer: never,
  } as unknown as Response;
}

const stuckFetch = (status: number, type?: string): typeof fetch => (async () => stuckResponse(status, type)) as typeof fetch;

const calls: [string, (client: LmStudioClient, signal?: AbortSignal) => Promise<unknown>][] = [
  ['listModels', (c, signal) => c.listModels(signal ? { signal } : {})],
  ['chat', (c, signal) => c.chat({ model: 'm', messages }, signal ? { signal } : {})],
  ['embed', (c, signal) => c.embed({ model: 'm', input: 'x' }, signal ? { signal } : {})],
  ['loadModel', (c, signal) => c.loadModel('m', signal ? { signal } : {})],
  ['streamChat', (c, signal) => c.streamChat({ model: 'm', messages }, signal ? { signal } : {}).result()],
];

describe('a body read that never settles', () => {
  for (const status of [200, 500]) {
    it.each(calls)(`%s (HTTP ${status}): ends at the call's limit as a timeout`, async (_name, call) => {
      const client = createLmStudioClient({
        baseUrl: 'http://127.0.0.1:9',
        fetch: stuckFetch(status),
        timeouts: { totalMs: 300, requestMs: 300, firstTokenMs: 300 },
      });
      const started = Date.now();
      const error = await lmStudioError(call(client));
      expect(error.code).toBe('timeout');
      // Generous: the limit is 300 ms, a hang would be forever.
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it.each(calls)(`%s (HTTP ${status}): ends promptly on the caller's abort`, async (_name, call) => {
      const client = createLmStudioClient({ baseUrl: 'http://127.0.0.1:9', fetch: stuckFetch(status) });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const error = await lmStudioError(call(client, controller.signal));
      expect(error.code).toBe('aborted');
    });
  }

  it('a streamed chat whose event-stream body never yields ends at its first-token limit', async () => {
    const client = createLmStudioClient({ baseUrl: 'http://127.0.0.1:9', fetch: stuckFetch(200, 'text/event-stream'), timeouts: { firstTokenMs: 300 } });
    const error = await lmStudioError(client.streamChat({ model: 'm', messages }).result());
    expect(error.code).toBe('timeout');
    expect(error.phase).toBe('first-token');
  });
});

describe('a lying Content-Encoding from a real server', () => {
  for (const encoding of ['gzip', 'deflate', 'br']) {
    it(`${encoding} over plain bytes is a typed error, on time`, async () => {
      const server = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding });
        // Left open: only a deadline or the decoder's failure can end the read.
        res.write(JSON.stringify({ object: 'list', data: [{ id: 'x' }] }));
      });
      const client = createLmStudioClient({ baseUrl: server.url, timeouts: { requestMs: 1_000, totalMs: 1_000 } });
      for (const call of calls) {
        const error = await lmStudioError(call[1](client));
        expect(['timeout', 'bad-response', 'stream-truncated']).toContain(error.code);
      }
    });
  }
});
