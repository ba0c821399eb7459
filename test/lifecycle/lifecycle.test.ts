import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createLmStudioClient, LmStudioError, type ChatEvent } from '../../src/index.js';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { loopback, type LoopbackServer } from '../stream/stream-harness.js';

const traces = fileURLToPath(new URL('../../../shared/lmstudio-traces/', import.meta.url));
const havetraces = existsSync(traces);
if (!havetraces) console.warn(`[skip] lifecycle trace cases: ${traces} is absent; the emulator cases cover the same shapes.`);
const trace = (name: string) => readFileSync(`${traces}${name}`, 'utf8');

let emulator: EmulatorHandle | undefined;
let server: LoopbackServer | undefined;
afterEach(async () => {
  await emulator?.close();
  await server?.close();
  emulator = undefined;
  server = undefined;
});

const UNEXPECTED = (method: string, path: string) => `{"error":"Unexpected endpoint or method. (${method} ${path})"}`;

/** An LM Studio of some version: serves the given bodies by path, and the 200 unknown-endpoint reply otherwise. */
async function serving(bodies: Record<string, string>) {
  server = await loopback((req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(bodies[`${req.method} ${path}`] ?? UNEXPECTED(req.method ?? '', path));
  });
  return createLmStudioClient({ baseUrl: server.url });
}

describe('model metadata from each surface', () => {
  it('prefers /api/v1/models: loaded instances with their real context, capabilities, size and quantization', async () => {
    emulator = await startEmulator();
    const models = await createLmStudioClient({ baseUrl: emulator.url }).listModels();
    const loaded = models.find((m) => m.id === 'qwen/qwen3-4b-2507');
    expect(loaded).toMatchObject({ type: 'llm', loaded: true, contextLength: 8192, maxContextLength: 262144, toolUse: true, vision: false, quantization: 'Q4_K_M' });
    expect(loaded?.instances).toEqual([{ id: 'qwen/qwen3-4b-2507', contextLength: 8192 }]);
    expect(loaded?.sizeBytes).toBeGreaterThan(0);
    const reasoning = models.find((m) => m.id === 'qwen/qwen3.8-27b');
    expect(reasoning).toMatchObject({ type: 'vlm', loaded: false, vision: true, reasoning: { options: ['off', 'low', 'medium', 'xhigh', 'on'], default: 'xhigh' } });
    expect(reasoning?.contextLength).toBeUndefined();
    expect(models.find((m) => m.id.startsWith('text-embedding'))).toMatchObject({ type: 'embedding', toolUse: false });
    expect(emulator.requests.map((r) => r.path)).toEqual(['/api/v1/models']);
  });

  it.skipIf(!havetraces)('reads the recorded 0.4.24 /api/v1/models body', async () => {
    const client = await serving({ 'GET /api/v1/models': trace('models-api-v1-after-jit-load-ollmost.json') });
    const models = await client.listModels();
    expect(models.map((m) => [m.id, m.type, m.loaded, m.contextLength, m.toolUse])).toEqual([
      ['qwen/qwen3.8-27b', 'vlm', false, undefined, true],
      ['google/gemma-4-e4b', 'vlm', true, 131072, true],
      ['text-embedding-nomic-embed-text-v1.5', 'embedding', false, undefined, false],
    ]);
    expect(models[1]).toMatchObject({ sizeBytes: 6861915950, quantization: '4bit', reasoning: { options: ['off', 'on'], default: 'on' } });
  });

  it.skipIf(!havetraces)('falls back to /api/v0/models on a 0.3.x server, then remembers the surface', async () => {
    const client = await serving({ 'GET /api/v0/models': trace('models-api-v0-ollmost.json') });
    const models = await client.listModels();
    expect(models.map((m) => [m.id, m.type, m.loaded, m.maxContextLength, m.toolUse])).toEqual([
      ['qwen/qwen3.8-27b', 'vlm', false, 262144, true],
      ['google/gemma-4-e4b', 'vlm', false, 131072, true],
      ['text-embedding-nomic-embed-text-v1.5', 'embedding', false, 2048, false],
    ]);
    expect(await client.serverInfo()).toMatchObject({ modelsSurface: 'api-v0' });
    await client.listModels();
    expect(server?.requests.map((r) => r.url)).toEqual(['/api/v1/models', '/api/v0/models', '/api/v0/models']);
  });

  it.skipIf(!havetraces)('falls back to /v1/models on an OpenAI-compatible-only server, guessing embeddings from ids', async () => {
    const client = await serving({ 'GET /v1/models': trace('models-v1-cs3b-ace.json') });
    const models = await client.listModels();
    expect(models).toHaveLength(21);
    expect(models.filter((m) => m.type === 'embedding').map((m) => m.id)).toEqual([
      'text-embedding-nomic-embed-text-v1.5',
      'sfr-embedding-mistral',
      'text-embedding-granite-embedding-278m-multilingual',
    ]);
    expect(models.find((m) => m.id === 'phi-4')).toEqual({ id: 'phi-4', type: 'unknown' });
    expect(await client.serverInfo()).toMatchObject({ modelsSurface: 'openai' });
  });
});

describe('load and unload', () => {
  it('loads with a context length, shows it in the listing, and unloads', async () => {
    emulator = await startEmulator();
    const client = createLmStudioClient({ baseUrl: emulator.url });
    const loaded = await client.loadModel('google/gemma-4-e4b', { contextLength: 16384 });
    expect(loaded).toMatchObject({ instanceId: 'google/gemma-4-e4b', contextLength: 16384 });
    expect(emulator.requests.at(-1)?.body).toEqual({ model: 'google/gemma-4-e4b', context_length: 16384, echo_load_config: true });
    expect((await client.listModels()).find((m) => m.id === 'google/gemma-4-e4b')).toMatchObject({ loaded: true, contextLength: 16384 });
    expect(await client.unloadModel(loaded.instanceId)).toEqual({ instanceId: 'google/gemma-4-e4b' });
    expect((await client.listModels()).find((m) => m.id === 'google/gemma-4-e4b')).toMatchObject({ loaded: false });
  });

  it.skipIf(!havetraces)('maps the documented load response', async () => {
    const client = await serving({ 'POST /api/v1/models/load': trace('docs-example-api-v1-models-load.json') });
    expect(await client.loadModel('openai/gpt-oss-20b')).toEqual({ instanceId: 'openai/gpt-oss-20b', type: 'llm', loadTimeSeconds: 9.099, contextLength: 16384 });
  });

  it('says which LM Studio version added loading when the server has no such endpoint', async () => {
    const client = await serving({});
    const error = await client.loadModel('some/model').then(() => undefined, (e: unknown) => e as LmStudioError) as LmStudioError;
    expect(error).toMatchObject({ code: 'unsupported' });
    expect(error.message).toMatch(/LM Studio 0\.4\.0 or newer/);
    await expect(client.unloadModel('some/model')).rejects.toMatchObject({ code: 'unsupported' });
  });

  it('rejects bad arguments before sending', async () => {
    const client = await serving({});
    await expect(client.loadModel('')).rejects.toMatchObject({ code: 'bad-request' });
    await expect(client.loadModel('x', { contextLength: 0 })).rejects.toMatchObject({ code: 'bad-request' });
    expect(server?.requests).toEqual([]);
  });

  it('an unknown instance is a classified error', async () => {
    emulator = await startEmulator();
    await expect(createLmStudioClient({ baseUrl: emulator.url }).unloadModel('never/loaded')).rejects.toBeInstanceOf(LmStudioError);
  });
});

describe('reasoning_effort in either vocabulary, and ttl', () => {
  it.each([
    ['off', 'none'],
    ['on', undefined],
    ['low', 'low'],
    ['xhigh', 'xhigh'],
  ] as const)('%s is sent as %s', async (given, sent) => {
    emulator = await startEmulator();
    const client = createLmStudioClient({ baseUrl: emulator.url });
    const result = await client.chat({ model: 'qwen/qwen3-4b-2507', messages: [{ role: 'user', content: 'hi' }], reasoning_effort: given, ttl: 300 });
    expect(result.content).not.toBe('');
    const body = emulator.requests.at(-1)?.body as Record<string, unknown>;
    expect(body.reasoning_effort).toBe(sent);
    expect(body.ttl).toBe(300);
  });
});

describe('structured output', () => {
  const schema = {
    type: 'object',
    properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1 } },
    required: ['city', 'days'],
    additionalProperties: false,
  };

  it('sends json_schema (strict) and returns the validated value', async () => {
    emulator = await startEmulator();
    const client = createLmStudioClient({ baseUrl: emulator.url });
    const { value, result } = await client.chatJson<{ city: string; days: number }>(
      { model: 'qwen/qwen3-4b-2507', messages: [{ role: 'user', content: 'Plan 3 days in Lisbon' }] },
      { schema, name: 'trip' },
    );
    expect(typeof value.city).toBe('string');
    expect(Number.isInteger(value.days)).toBe(true);
    expect(JSON.parse(result.content)).toEqual(value);
    expect((emulator.requests.at(-1)?.body as Record<string, unknown>).response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'trip', strict: true, schema },
    });
  });

  it('streams the text and resolves with the validated value', async () => {
    emulator = await startEmulator();
    const client = createLmStudioClient({ baseUrl: emulator.url });
    const stream = client.streamChatJson({ model: 'qwen/qwen3.8-27b', messages: [{ role: 'user', content: 'Plan a trip' }] }, { schema });
    const texts: string[] = [];
    const kinds = new Set<ChatEvent['type']>();
    for await (const e of stream) {
      kinds.add(e.type);
      if (e.type === 'text') texts.push(e.delta);
    }
    const { value, result } = await stream.result();
    expect(texts.length).toBeGreaterThan(1);
    expect(JSON.parse(texts.join(''))).toEqual(value);
    expect(result.reasoning).not.toBe('');
    expect(result.content).not.toContain(result.reasoning);
  });

  const answering = (content: string) =>
    serving({
      'POST /v1/chat/completions': JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] }),
    });

  it('an answer that is not JSON is invalid-output with the raw text', async () => {
    const client = await answering('Sure! Here is your trip: Lisbon');
    const error = await client.chatJson({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, { schema }).then(() => undefined, (e: unknown) => e as LmStudioError) as LmStudioError;
    expect(error).toMatchObject({ code: 'invalid-output', details: { raw: 'Sure! Here is your trip: Lisbon' } });
    expect((error.details?.errors as string[])[0]).toMatch(/^not JSON/);
    expect(error.partial?.content).toBe('Sure! Here is your trip: Lisbon');
  });

  it('an answer that does not fit the schema lists the problems', async () => {
    const client = await answering('{"city": 7, "days": 0, "extra": true}');
    const error = await client.chatJson({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, { schema }).then(() => undefined, (e: unknown) => e as LmStudioError) as LmStudioError;
    expect(error.code).toBe('invalid-output');
    const problems = (error.details?.errors as string[]).join('\n');
    expect(problems).toMatch(/\/city/);
    expect(problems).toMatch(/\/days/);
  });

  it('accepts JSON in a Markdown fence, and uses the caller\'s validate instead of the schema', async () => {
    const client = await answering('```json\n{"city": "Porto", "days": 2}\n```');
    const seen: unknown[] = [];
    const { value } = await client.chatJson(
      { model: 'm', messages: [{ role: 'user', content: 'x' }] },
      { schema: { type: 'string' }, validate: (v) => (seen.push(v), { parsed: v as { city: string } }) },
    );
    expect(value).toEqual({ parsed: { city: 'Porto', days: 2 } });
    const failing = await client
      .chatJson({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, { schema, validate: () => { throw new Error('days must be > 2'); } })
      .then(() => undefined, (e: unknown) => e as LmStudioError) as LmStudioError;
    expect(failing).toMatchObject({ code: 'invalid-output', details: { errors: ['days must be > 2'] } });
  });
});
