// Replies of the wrong shape are `bad-response` (or, where nothing is lost, a result), never a raw TypeError: the
// cases found from outside, kept as named regressions beside the property tests in fuzz.test.ts.
import { describe, expect, it } from 'vitest';
import { createLmStudioClient, type LmStudioClient } from '../../src/index.js';
import { lmStudioError } from '../support/assertions.js';

function client(path: string, body: string): LmStudioClient {
  const fetchImpl = (async (input: RequestInfo | URL) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const text = url.pathname === path ? body : JSON.stringify({ error: 'Unexpected endpoint or method.' });
    return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return createLmStudioClient({ baseUrl: 'http://127.0.0.1:9', fetch: fetchImpl });
}

const badBodies: [string, string, string, (c: LmStudioClient) => Promise<unknown>][] = [
  ['listModels, data: [null] (/v1)', '/v1/models', '{"data":[null]}', (c) => c.listModels()],
  ['listModels, data: [null] (/api/v0)', '/api/v0/models', '{"data":[null]}', (c) => c.listModels()],
  ['listModels, models: [null]', '/api/v1/models', '{"models":[null]}', (c) => c.listModels()],
  ['listModels, models: [{}]', '/api/v1/models', '{"models":[{}]}', (c) => c.listModels()],
  ['embed, data: [null]', '/v1/embeddings', '{"data":[null]}', (c) => c.embed({ model: 'm', input: 'x' })],
  ['embed, null body', '/v1/embeddings', 'null', (c) => c.embed({ model: 'm', input: 'x' })],
  ['loadModel, null body', '/api/v1/models/load', 'null', (c) => c.loadModel('m')],
  ['loadModel, a number', '/api/v1/models/load', '42', (c) => c.loadModel('m')],
  ['unloadModel, null body', '/api/v1/models/unload', 'null', (c) => c.unloadModel('i')],
  ['chat, null body', '/v1/chat/completions', 'null', (c) => c.chat({ model: 'm', messages: [{ role: 'user', content: 'x' }] })],
];

describe('wrong shapes', () => {
  it.each(badBodies)('%s → bad-response', async (_name, path, body, call) => {
    const error = await lmStudioError(call(client(path, body)));
    expect(error.code).toBe('bad-response');
  });

  it('loaded_instances: {} and other wrong field types are left out, the model kept', async () => {
    const body = JSON.stringify({ models: [{ key: 'a', type: 'llm', loaded_instances: {}, capabilities: 5, quantization: null, max_context_length: 'x' }] });
    await expect(client('/api/v1/models', body).listModels()).resolves.toEqual([{ id: 'a', type: 'llm', loaded: false, instances: [] }]);
  });
});
