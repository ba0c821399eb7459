import { describe, expect, it, vi } from 'vitest';
import { createLmStudioClient, type LmModel } from '../../src/index.js';
import { modelsApiV0, modelsApiV1, modelsOpenAi } from '../support/fixtures.js';
import { routes, sendJson, useServers, type Routes } from '../support/loopback-server.js';
import { readTrace, skipWithoutTraces } from '../support/traces.js';

// Loopback servers answer in milliseconds: a test that takes seconds is a hang.
vi.setConfig({ testTimeout: 5_000, hookTimeout: 5_000 });

const serve = useServers();

const byId = (models: LmModel[], id: string): LmModel => {
  const model = models.find((m) => m.id === id);
  expect(model, `model ${id}`).toBeDefined();
  return model as LmModel;
};

/** A server that is not LM Studio (or an old one): JSON-less 404 for every path it does not know. */
const notFound: Routes[string] = (_req, res) => {
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('Not Found');
};

describe('listModels', () => {
  it('uses /api/v1/models when the server has it (LM Studio 0.4+)', async () => {
    const server = await serve(routes({ 'GET /api/v1/models': (_q, res) => sendJson(res, 200, modelsApiV1) }));
    const client = createLmStudioClient({ baseUrl: server.url });
    const models = await client.listModels();
    expect(server.requests.map((r) => r.url)).toEqual(['/api/v1/models']);
    expect(models.map((m) => m.id)).toEqual(modelsApiV1.models.map((m) => m.key));

    const loaded = byId(models, 'mistralai/ministral-8b');
    expect(loaded).toMatchObject({ type: 'llm', loaded: true, contextLength: 8192, maxContextLength: 131072, toolUse: true });
    expect(loaded.instances).toEqual([{ id: 'mistralai/ministral-8b', contextLength: 8192 }]);

    const reasoning = byId(models, 'openai/gpt-oss-20b');
    expect(reasoning).toMatchObject({ type: 'llm', loaded: false, toolUse: false, reasoning: { options: ['low', 'medium', 'high'], default: 'medium' } });
    expect(reasoning.contextLength).toBeUndefined();
    expect(reasoning.maxContextLength).toBe(131072);

    expect(byId(models, 'google/gemma-3-12b')).toMatchObject({ type: 'vlm', vision: true, loaded: false, toolUse: true });
    const embedding = byId(models, 'text-embedding-nomic-embed-text-v2');
    expect(embedding).toMatchObject({ type: 'embedding', loaded: false, toolUse: false });
    expect(embedding.contextLength).toBeUndefined();

    expect((await client.serverInfo()).modelsSurface).toBe('api-v1');
  });

  it('falls back to /api/v0/models when /api/v1 answers LM Studio\'s 200 "Unexpected endpoint" (0.3.x)', async () => {
    const server = await serve(routes({ 'GET /api/v0/models': (_q, res) => sendJson(res, 200, modelsApiV0) }));
    const client = createLmStudioClient({ baseUrl: server.url });
    const models = await client.listModels();
    expect(server.requests.map((r) => r.url)).toEqual(['/api/v1/models', '/api/v0/models']);

    const loaded = byId(models, 'mistral-7b-instruct-v0.3');
    expect(loaded).toMatchObject({ type: 'llm', loaded: true, contextLength: 4096, maxContextLength: 32768, toolUse: true });
    const vlm = byId(models, 'llava-phi-3-mini');
    expect(vlm).toMatchObject({ type: 'vlm', loaded: false });
    expect(vlm.contextLength).toBeUndefined();
    expect(vlm.toolUse).toBeUndefined();
    expect(byId(models, 'text-embedding-all-minilm-l6-v2')).toMatchObject({ type: 'embedding', loaded: false, toolUse: false });

    expect((await client.serverInfo()).modelsSurface).toBe('api-v0');
    // The surface is remembered: the next listing goes straight to it.
    await client.listModels();
    expect(server.requests.map((r) => r.url).slice(2)).toEqual(['/api/v0/models']);
  });

  it('falls back to /v1/models when both REST surfaces answer 404 (a server that is not LM Studio)', async () => {
    const server = await serve(routes({ 'GET /v1/models': (_q, res) => sendJson(res, 200, modelsOpenAi) }, notFound));
    const client = createLmStudioClient({ baseUrl: server.url });
    const models = await client.listModels();
    expect(server.requests.map((r) => r.url)).toEqual(['/api/v1/models', '/api/v0/models', '/v1/models']);
    expect(models.map((m) => m.id)).toEqual(modelsOpenAi.data.map((m) => m.id));
    // Only the id is known: embeddings are guessed from it, the rest is unknown and nothing says "loaded".
    expect(byId(models, 'text-embedding-bge-small-en-v1.5').type).toBe('embedding');
    expect(byId(models, 'text-embedding-nomic-embed-text-v1.5').type).toBe('embedding');
    for (const id of ['qwen2.5-7b-instruct', 'gemma-3-4b-it@q4_k_m']) {
      const model = byId(models, id);
      expect(model.type).toBe('unknown');
      expect(model.loaded).toBeUndefined();
      expect(model.contextLength).toBeUndefined();
    }
    expect((await client.serverInfo()).modelsSurface).toBe('openai');
  });

  it('a JSON 404 from another server is treated the same way', async () => {
    const server = await serve(
      routes({ 'GET /v1/models': (_q, res) => sendJson(res, 200, modelsOpenAi) }, (_q, res) => sendJson(res, 404, { detail: 'Not Found' })),
    );
    const models = await createLmStudioClient({ baseUrl: server.url }).listModels();
    expect(models).toHaveLength(modelsOpenAi.data.length);
  });

  it('a listing without its list is a bad-response, not an empty list', async () => {
    const server = await serve(routes({ 'GET /api/v1/models': (_q, res) => sendJson(res, 200, { object: 'list' }) }));
    await expect(createLmStudioClient({ baseUrl: server.url }).listModels()).rejects.toMatchObject({ code: 'bad-response' });
  });
});

const noTraces = skipWithoutTraces('client: recorded model listings');

describe.skipIf(noTraces)('listModels over the recorded listings', () => {
  it('/api/v1/models after a JIT load: context from the loaded instance', async () => {
    const body = readTrace('models-api-v1-after-jit-load-ollmost.json');
    const server = await serve(routes({ 'GET /api/v1/models': (_q, res) => sendJson(res, 200, body) }));
    const models = await createLmStudioClient({ baseUrl: server.url }).listModels();
    expect(byId(models, 'google/gemma-4-e4b')).toMatchObject({ type: 'vlm', loaded: true, contextLength: 131072, toolUse: true });
    const notLoaded = byId(models, 'qwen/qwen3.8-27b');
    expect(notLoaded).toMatchObject({ loaded: false, maxContextLength: 262144, reasoning: { default: 'xhigh' } });
    expect(notLoaded.contextLength).toBeUndefined();
    expect(byId(models, 'text-embedding-nomic-embed-text-v1.5')).toMatchObject({ type: 'embedding', toolUse: false });
  });

  it('/api/v0/models: types, state and tool use', async () => {
    const body = readTrace('models-api-v0-ollmost.json');
    const server = await serve(routes({ 'GET /api/v0/models': (_q, res) => sendJson(res, 200, body) }));
    const models = await createLmStudioClient({ baseUrl: server.url }).listModels();
    expect(models.map((m) => [m.id, m.type, m.loaded, m.toolUse])).toEqual([
      ['qwen/qwen3.8-27b', 'vlm', false, true],
      ['google/gemma-4-e4b', 'vlm', false, true],
      ['text-embedding-nomic-embed-text-v1.5', 'embedding', false, false],
    ]);
  });

  it('/v1/models (0.3.16, 21 models): embeddings recognised by id', async () => {
    const body = readTrace('models-v1-cs3b-ace.json');
    const server = await serve(routes({ 'GET /v1/models': (_q, res) => sendJson(res, 200, body) }, notFound));
    const models = await createLmStudioClient({ baseUrl: server.url }).listModels();
    expect(models).toHaveLength(21);
    expect(models.filter((m) => m.type === 'embedding').map((m) => m.id)).toEqual(
      expect.arrayContaining(['text-embedding-nomic-embed-text-v1.5', 'text-embedding-granite-embedding-278m-multilingual']),
    );
    expect(byId(models, 'mistralai/devstral-small-2505').type).toBe('unknown');
  });
});
