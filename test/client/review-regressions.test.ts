import { afterEach, describe, expect, it } from 'vitest';
import { createLmStudioClient, LmStudioError } from '../../src/index.js';
import { sendJson, startServer, unexpectedEndpoint, type TestServer } from '../support/loopback-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const failure = (work: Promise<unknown>) => work.then(() => undefined, (e: unknown) => e as LmStudioError);

describe('found in review', () => {
  it('a POST that reached the server is never sent again by the localhost fallback', async () => {
    server = await startServer((_req, res) => void res.socket?.destroy());
    const client = createLmStudioClient({ baseUrl: `http://localhost:${server.port}` });
    const error = await failure(client.loadModel('qwen/qwen3-4b'));
    expect(error).toBeInstanceOf(LmStudioError);
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('an endless error body is cut, not read whole', async () => {
    let written = 0;
    let finished = false;
    server = await startServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      const piece = Buffer.alloc(256 * 1024, 'e');
      const pump = (): void => {
        while (!res.destroyed && written < 256 * 1024 * 1024) {
          written += piece.length;
          if (!res.write(piece)) return void res.once('drain', pump);
        }
        finished = !res.destroyed;
        res.end();
      };
      pump();
    });
    const error = await failure(createLmStudioClient({ baseUrl: server.url }).chat({ model: 'm', messages: [{ role: 'user', content: 'x' }] }));
    expect(error).toMatchObject({ code: 'server-error', status: 500 });
    expect(error?.serverMessage?.length).toBeLessThanOrEqual(601);
    expect(finished).toBe(false);
  });

  it('a remembered model-listing surface that disappears is probed again, not reported as missing', async () => {
    let hasV1 = true;
    server = await startServer((req, res) => {
      if (req.url === '/api/v1/models' && hasV1) return sendJson(res, 200, { models: [{ type: 'llm', key: 'a/model', loaded_instances: [] }] });
      if (req.url === '/api/v0/models') return sendJson(res, 200, { data: [{ id: 'a/model', type: 'llm', state: 'loaded' }], object: 'list' });
      return unexpectedEndpoint(res, req);
    });
    const client = createLmStudioClient({ baseUrl: server.url });
    expect((await client.listModels()).map((m) => m.id)).toEqual(['a/model']);
    hasV1 = false;
    expect(await client.listModels()).toEqual([expect.objectContaining({ id: 'a/model', loaded: true })]);
    expect(await client.serverInfo()).toMatchObject({ modelsSurface: 'api-v0' });
  });

  it('an API key pasted with an invisible character is a clear error at creation, not "cannot reach"', () => {
    const key = 'sk-lm-abcd1234\u200b';
    let error: unknown;
    try {
      createLmStudioClient({ baseUrl: 'http://127.0.0.1:9', apiKey: key });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'bad-request' });
    expect((error as Error).message).toMatch(/API key contains characters an HTTP header cannot carry/);
    expect(JSON.stringify(error)).not.toContain('abcd1234');
  });

  it('a malformed escape in URL credentials is no URIError', () => {
    expect(() => createLmStudioClient({ baseUrl: 'http://user:%zz@127.0.0.1:9' })).not.toThrow();
  });
});
