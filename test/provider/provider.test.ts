import { describe, expect, it } from 'vitest';
import { LmStudioError } from '../../src/domain/errors.js';
import type { AIStreamChunk } from '../../src/openorbit/index.js';
import { AIServiceError, RAW_ARGUMENTS_KEY, ARGUMENTS_ERROR_KEY } from '../../src/provider/index.js';
import {
  EMBED,
  FakeHost,
  GEMMA,
  QWEN,
  SMALL,
  TYPICAL,
  chatRoute,
  chunk,
  completion,
  freePort,
  json,
  makeProvider,
  modelsRoute,
  rejection,
  sendSse,
  sse,
  startLmStudio,
  textStream,
  trace,
  tracesPresent,
  until,
  useCleanup,
  within,
} from './harness.js';

useCleanup();

const ASK = { systemPrompt: 'You are terse.', userMessage: 'Say hello.' };

describe('identity and capabilities', () => {
  it('is lm-studio / LM Studio (Local), streams and calls tools, no vision', () => {
    const { provider } = makeProvider({});
    expect(provider.id).toBe('lm-studio');
    expect(provider.displayName).toBe('LM Studio (Local)');
    expect(provider.capabilities).toMatchObject({ streaming: true, toolCalling: true, vision: false });
  });

  it('keeps capabilities.models current in place, chat models only', async () => {
    let specs = TYPICAL;
    const server = await startLmStudio(modelsRoute(() => specs));
    const { provider } = makeProvider({ lmstudio_base_url: server.url });
    const held = provider.capabilities.models; // what the host holds after registration
    await within(provider.refreshModels());
    expect(held).toEqual([QWEN, GEMMA]);
    specs = [{ key: SMALL, sizeBytes: 1_000, loaded: true }];
    await within(provider.refreshModels());
    expect(provider.capabilities.models).toBe(held);
    expect(held).toEqual([SMALL]);
  });
});

describe('discovery and isConfigured()', () => {
  it('is false while LM Studio is down and true within one probe interval after it starts', async () => {
    const port = await freePort();
    const { provider } = makeProvider({ lmstudio_base_url: `http://127.0.0.1:${port}` });
    const host = new FakeHost();
    host.registerProvider(provider);
    expect(host.listProviders()[0]?.configured).toBe(false);
    // Let a few probes fail first.
    await new Promise((r) => setTimeout(r, 300));
    expect(provider.isConfigured()).toBe(false);
    await startLmStudio(modelsRoute(TYPICAL), port);
    const startedAt = Date.now();
    // One interval: the 200 ms backoff cap plus a failing probe's own retries (under a second).
    expect(await until(() => provider.isConfigured(), 2500)).toBe(true);
    expect(Date.now() - startedAt).toBeLessThan(2500);
    expect(host.listProviders()[0]).toMatchObject({ configured: true, models: [QWEN, GEMMA] });
  });

  it('becomes false again when LM Studio stops, and recovers', async () => {
    const server = await startLmStudio(modelsRoute(TYPICAL));
    const { provider } = makeProvider(
      { lmstudio_base_url: server.url, lmstudio_model_standard: GEMMA },
      { discovery: { initialDelayMs: 20, maxDelayMs: 100, refreshMs: 50 } },
    );
    expect(await until(() => provider.isConfigured())).toBe(true);
    await server.close();
    expect(await until(() => !provider.isConfigured(), 4000)).toBe(true);
    expect(provider.capabilities.models).toEqual([]);
    await startLmStudio(modelsRoute(TYPICAL), server.port);
    expect(await until(() => provider.isConfigured(), 4000)).toBe(true);
  });

  it('rediscovers at once after a call fails as unreachable (not only at the next slow refresh)', async () => {
    const server = await startLmStudio(modelsRoute(TYPICAL));
    const { provider } = makeProvider(
      { lmstudio_base_url: server.url, lmstudio_model_standard: GEMMA },
      { discovery: { initialDelayMs: 20, maxDelayMs: 200, refreshMs: 60_000 } },
    );
    expect(await until(() => provider.isConfigured())).toBe(true);
    await server.close();
    expect((await rejection(provider.complete(ASK))).code).toBe('AI_CONNECTION_ERROR');
    expect(await until(() => !provider.isConfigured(), 2500)).toBe(true);
  });

  it('is false when the server lists only embedding models', async () => {
    const server = await startLmStudio(modelsRoute([{ key: EMBED, type: 'embedding' }]));
    const { provider, logs } = makeProvider({ lmstudio_base_url: server.url });
    await within(provider.refreshModels());
    expect(provider.isConfigured()).toBe(false);
    expect(provider.capabilities.models).toEqual([]);
    expect(logs.some((l) => l.level === 'warn' && /no chat model/.test(l.message))).toBe(true);
  });

  it('isConfigured() never throws, does no I/O, and survives a throwing settings reader', async () => {
    const server = await startLmStudio(modelsRoute(TYPICAL));
    const { provider } = makeProvider({ lmstudio_base_url: server.url });
    await within(provider.refreshModels());
    const before = server.requests.length;
    for (let i = 0; i < 100; i++) expect(provider.isConfigured()).toBe(true);
    expect(server.requests.length).toBe(before);
    const { provider: broken } = makeProvider({});
    (broken as unknown as { settings: () => never }).settings = () => {
      throw new Error('store closed');
    };
    expect(() => broken.isConfigured()).not.toThrow();
  });

  it('refreshModels() rejects with an AIServiceError when the server cannot be asked', async () => {
    const port = await freePort();
    const { provider } = makeProvider({ lmstudio_base_url: `http://127.0.0.1:${port}` });
    const error = await rejection(provider.refreshModels());
    expect(error).toBeInstanceOf(AIServiceError);
    expect(error.code).toBe('AI_CONNECTION_ERROR');
  });

  it('follows a base URL changed at run time (with /v1 and a trailing slash), at the next call', async () => {
    const a = await startLmStudio({ ...modelsRoute([{ key: GEMMA, loaded: true }]), ...chatRoute(() => '', () => completion('from A')) });
    const b = await startLmStudio({
      ...modelsRoute([{ key: QWEN, loaded: true }]),
      ...chatRoute(() => '', (req) => completion('from B', { model: req.json.model })),
    });
    const { provider, settings } = makeProvider({ lmstudio_base_url: a.url });
    const held = provider.capabilities.models;
    expect((await within(provider.complete(ASK))).content).toBe('from A');
    expect(held).toEqual([GEMMA]);

    settings.lmstudio_base_url = `${b.url}/v1/`;
    const answer = await within(provider.complete(ASK));
    expect(answer).toMatchObject({ content: 'from B', model: QWEN });
    expect(b.to('/v1/chat/completions')).toHaveLength(1);
    expect(b.to('/v1/v1/chat/completions')).toHaveLength(0);
    expect(a.to('/v1/chat/completions')).toHaveLength(1);
    expect(provider.capabilities.models).toBe(held);
    expect(held).toEqual([QWEN]);
  });

  it('rediscovers when isConfigured() notices new settings', async () => {
    const a = await startLmStudio(modelsRoute([{ key: GEMMA, loaded: true }]));
    const b = await startLmStudio(modelsRoute([{ key: EMBED, type: 'embedding' }]));
    const { provider, settings } = makeProvider({ lmstudio_base_url: a.url });
    expect(await until(() => provider.isConfigured())).toBe(true);
    settings.lmstudio_base_url = b.url;
    provider.isConfigured();
    expect(await until(() => !provider.isConfigured())).toBe(true);
    expect(b.to('/api/v1/models').length).toBeGreaterThan(0);
  });

  it('sends the lmstudio_api_key setting as a bearer token', async () => {
    const server = await startLmStudio({ ...modelsRoute(TYPICAL), ...chatRoute(() => '', () => completion('hi')) });
    const { provider } = makeProvider({ lmstudio_base_url: server.url, lmstudio_api_key: 'sk-lm-test-1234' });
    await within(provider.complete(ASK));
    expect(server.requests.length).toBeGreaterThan(0);
    for (const r of server.requests) expect(r.headers.authorization).toBe('Bearer sk-lm-test-1234');
  });

  it('awaits a first discovery when a call comes before it finished', async () => {
    const server = await startLmStudio({
      'GET /api/v1/models': async (_req, res) => {
        await new Promise((r) => setTimeout(r, 100));
        json(res, 200, { models: [{ type: 'llm', key: GEMMA, loaded_instances: [{ id: GEMMA }] }] });
      },
      ...chatRoute(() => '', (req) => completion('hi', { model: req.json.model })),
    });
    const { provider } = makeProvider({ lmstudio_base_url: server.url });
    const answer = await within(provider.complete(ASK));
    expect(answer.model).toBe(GEMMA);
    expect(server.to('/v1/chat/completions')[0]?.json.model).toBe(GEMMA);
  });
});

describe('tier → model', () => {
  const sized = [
    { key: EMBED, type: 'embedding' as const, sizeBytes: 10, loaded: true },
    { key: 'big/model', sizeBytes: 30_000, loaded: true },
    { key: 'small/model', sizeBytes: 1_000, loaded: true },
    { key: 'mid/model', sizeBytes: 8_000, loaded: true },
    { key: 'unloaded/huge', sizeBytes: 90_000 },
  ];

  it('fast → smallest, premium → largest, standard → middle loaded chat model; never an embedding', async () => {
    const server = await startLmStudio({ ...modelsRoute(sized), ...chatRoute(() => '', (req) => completion('ok', { model: req.json.model })) });
    const { provider } = makeProvider({ lmstudio_base_url: server.url });
    expect((await within(provider.complete({ ...ASK, tier: 'fast' }))).model).toBe('small/model');
    expect((await within(provider.complete({ ...ASK, tier: 'premium' }))).model).toBe('big/model');
    expect((await within(provider.complete({ ...ASK, tier: 'standard' }))).model).toBe('mid/model');
    expect((await within(provider.complete(ASK))).model).toBe('mid/model');
  });

  it("uses the tier's setting when set, and null or '' as unset", async () => {
    const server = await startLmStudio({ ...modelsRoute(sized), ...chatRoute(() => '', (req) => completion('ok', { model: req.json.model })) });
    const { provider } = makeProvider({
      lmstudio_base_url: server.url,
      lmstudio_model_fast: 'my/choice',
      lmstudio_model_standard: '',
      lmstudio_model_premium: null,
    });
    expect((await within(provider.complete({ ...ASK, tier: 'fast' }))).model).toBe('my/choice');
    expect((await within(provider.complete({ ...ASK, tier: 'standard' }))).model).toBe('mid/model');
    expect((await within(provider.complete({ ...ASK, tier: 'premium' }))).model).toBe('big/model');
  });

  it('with nothing to choose from fails with no-model-loaded (AI_REQUEST_ERROR) and a hint, sending nothing', async () => {
    const server = await startLmStudio(modelsRoute([{ key: EMBED, type: 'embedding' }]));
    const { provider, rows } = makeProvider({ lmstudio_base_url: server.url });
    const error = await rejection(provider.complete(ASK));
    expect(error).toBeInstanceOf(AIServiceError);
    expect(error.code).toBe('AI_REQUEST_ERROR');
    expect(error.cause).toBeInstanceOf(LmStudioError);
    expect(error.cause.code).toBe('no-model-loaded');
    expect(error.message).toMatch(/lmstudio_model_standard/);
    expect(server.to('/v1/chat/completions')).toHaveLength(0);
    expect(rows).toEqual([expect.objectContaining({ success: false, model: '', errorCode: 'ERROR' })]);
  });
});

describe('modelInfo(): what the host can know of a model without I/O', () => {
  it('gives the loaded context length by id or by tier, and undefined for unknown models', async () => {
    const server = await startLmStudio(modelsRoute(TYPICAL));
    const { provider } = makeProvider({ lmstudio_base_url: server.url });
    expect(provider.modelInfo(GEMMA)).toBeUndefined();
    await within(provider.refreshModels());
    expect(provider.modelInfo(GEMMA)).toEqual({ id: GEMMA, type: 'llm', loaded: true, contextLength: 8192, maxContextLength: 131072, toolUse: true });
    expect(provider.modelInfo('standard')).toMatchObject({ id: GEMMA, contextLength: 8192 });
    expect(provider.modelInfo(QWEN)).toMatchObject({ loaded: false, maxContextLength: 131072 });
    expect(provider.modelInfo(QWEN)?.contextLength).toBeUndefined();
    expect(provider.modelInfo('no/such-model')).toBeUndefined();
    const unbound = provider.modelInfo;
    expect(unbound(EMBED)).toMatchObject({ type: 'embedding' });
  });
});

describe('complete() and chat()', () => {
  it('sends the system prompt, the message, max_tokens 2048 and answers with the model that answered', async () => {
    const server = await startLmStudio({
      ...modelsRoute(TYPICAL),
      ...chatRoute(() => '', () => completion('Hello!', { model: 'qwen/served-instead' })),
    });
    const { provider, rows } = makeProvider({ lmstudio_base_url: server.url });
    const answer = await within(provider.complete({ ...ASK, task: 'greet' }));
    expect(answer).toEqual({ content: 'Hello!', model: 'qwen/served-instead', usage: { inputTokens: 90, outputTokens: 12 } });
    const sent = server.to('/v1/chat/completions')[0]?.json;
    expect(sent).toMatchObject({
      model: GEMMA,
      max_tokens: 2048,
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Say hello.' },
      ],
    });
    expect(rows).toEqual([
      {
        apiKeyHash: 'lmstudio-local',
        model: 'qwen/served-instead',
        task: 'greet',
        inputTokens: 90,
        outputTokens: 12,
        latencyMs: expect.any(Number),
        success: true,
      },
    ]);
  });

  it('chat() sends the turns after the system prompt and honours maxTokens', async () => {
    const server = await startLmStudio({ ...modelsRoute(TYPICAL), ...chatRoute(() => '', () => completion('Fine.')) });
    const { provider, rows } = makeProvider({ lmstudio_base_url: server.url });
    const answer = await within(
      provider.chat({
        systemPrompt: 'sys',
        maxTokens: 77,
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello' },
          { role: 'user', content: 'How are you?' },
        ],
      }),
    );
    expect(answer.content).toBe('Fine.');
    expect(server.to('/v1/chat/completions')[0]?.json).toMatchObject({
      max_tokens: 77,
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello' },
        { role: 'user', content: 'How are you?' },
      ],
    });
    expect(rows[0]?.task).toBe('chat');
  });

  it('keeps reasoning (separate or as <think> tags) out of content', async () => {
    const server = await startLmStudio({
      ...modelsRoute(TYPICAL),
      ...chatRoute(
        () => '',
        (req) =>
          req.json.messages.at(-1).content === 'tags'
            ? completion('<think>secret plan</think>\n\nThe answer is 4.')
            : completion('\n\nThe answer is 4.', { reasoning: 'secret plan' }),
      ),
    });
    const { provider } = makeProvider({ lmstudio_base_url: server.url });
    for (const userMessage of ['field', 'tags']) {
      const answer = await within(provider.complete({ systemPrompt: '', userMessage }));
      expect(answer.content).toBe('The answer is 4.');
      expect(answer.content).not.toMatch(/secret|think/);
    }
  });

  it('measures latency', async () => {
    const server = await startLmStudio({
      ...modelsRoute(TYPICAL),
      'POST /v1/chat/completions': async (_req, res) => {
        await new Promise((r) => setTimeout(r, 120));
        json(res, 200, completion('late'));
      },
    });
    const { provider, rows } = makeProvider({ lmstudio_base_url: server.url });
    await within(provider.complete(ASK));
    expect(rows[0]?.latencyMs).toBeGreaterThanOrEqual(100);
  });
});

describe('stream()', () => {
  it('sends one chunk per text delta, one final chunk, and resolves with the deltas joined', async () => {
    const server = await startLmStudio({
      ...modelsRoute(TYPICAL),
      ...chatRoute(() => textStream(['Hello', ' there', ',', ' friend'], 'google/gemma-answered', { prompt_tokens: 22, completion_tokens: 8 })),
    });
    const { provider, rows } = makeProvider({ lmstudio_base_url: server.url });
    const chunks: AIStreamChunk[] = [];
    const answer = await within(provider.stream(ASK, (c) => chunks.push(c)));
    expect(chunks).toEqual([
      { delta: 'Hello', done: false },
      { delta: ' there', done: false },
      { delta: ',', done: false },
      { delta: ' friend', done: false },
      { delta: '', done: true, model: 'google/gemma-answered', usage: { inputTokens: 22, outputTokens: 8 } },
    ]);
    expect(answer).toEqual({ content: 'Hello there, friend', model: 'google/gemma-answered', usage: { inputTokens: 22, outputTokens: 8 } });
    expect(answer.content).toBe(chunks.map((c) => c.delta).join(''));
    expect(server.to('/v1/chat/completions')[0]?.json).toMatchObject({ stream: true, stream_options: { include_usage: true }, max_tokens: 2048 });
    expect(rows).toEqual([expect.objectContaining({ success: true, task: 'stream', model: 'google/gemma-answered', inputTokens: 22, outputTokens: 8 })]);
  });

  it('never sends reasoning to onChunk or content', async () => {
    const body = sse([
      chunk({ reasoning: 'Let me think' }),
      chunk({ reasoning: ' about it.' }),
      chunk({ content: '\n\n' }),
      chunk({ content: 'Four' }),
      chunk({ content: '.' }),
      chunk({ finish: 'stop' }),
      chunk({ usage: { prompt_tokens: 5, completion_tokens: 9 } }),
    ]);
    const server = await startLmStudio({ ...modelsRoute(TYPICAL), ...chatRoute(() => body) });
    const { provider } = makeProvider({ lmstudio_base_url: server.url });
    const chunks: AIStreamChunk[] = [];
    const answer = await within(provider.stream(ASK, (c) => chunks.push(c)));
    expect(answer.content).toBe('Four.');
    expect(chunks.map((c) => c.delta).join('')).toBe('Four.');
    expect(JSON.stringify(chunks)).not.toMatch(/think/);
  });

  it('an exception from onChunk cancels the request (the server sees the connection close) and rejects', async () => {
    let closedEarly = false;
    let sentEvents = 0;
    const server = await startLmStudio({
      ...modelsRoute(TYPICAL),
      'POST /v1/chat/completions': async (_req, res, raw) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        raw.socket?.on('close', () => {
          if (!res.writableEnded) closedEarly = true;
        });
        for (let i = 0; i < 200 && !res.destroyed && !closedEarly; i++) {
          res.write(`data: ${JSON.stringify(chunk({ content: `w${i} ` }))}\n\n`);
          sentEvents++;
          await new Promise((r) => setTimeout(r, 15));
        }
        if (!res.destroyed) res.end(`data: ${JSON.stringify(chunk({ finish: 'stop' }))}\n\ndata: [DONE]\n\n`);
      },
    });
    const { provider, rows } = makeProvider({ lmstudio_base_url: server.url });
    const boom = new Error('renderer window closed');
    let calls = 0;
    const error = await rejection(
      provider.stream(ASK, () => {
        calls++;
        if (calls === 2) throw boom;
      }),
    );
    expect(error).toBeInstanceOf(AIServiceError);
    expect(error.code).toBe('AI_REQUEST_ERROR');
    expect(error.cause).toBe(boom);
    expect(error.message).toMatch(/renderer window closed/);
    expect(calls).toBe(2);
    expect(await until(() => closedEarly, 2000)).toBe(true);
    expect(sentEvents).toBeLessThan(200);
    expect(rows).toEqual([expect.objectContaining({ success: false, errorCode: 'STREAM_ERROR' })]);
  });

  it('an exception from the final onChunk rejects too', async () => {
    const server = await startLmStudio({ ...modelsRoute(TYPICAL), ...chatRoute(() => textStream(['a', 'b'])) });
    const { provider } = makeProvider({ lmstudio_base_url: server.url });
    const error = await rejection(
      provider.stream(ASK, (c) => {
        if (c.done) throw new Error('late');
      }),
    );
    expect(error).toBeInstanceOf(AIServiceError);
    expect(error.cause?.message).toBe('late');
  });

  it.skipIf(!tracesPresent)('replays real LM Studio 0.4.24 streams (plain, reasoning)', async () => {
    const server = await startLmStudio({
      ...modelsRoute(TYPICAL),
      'POST /v1/chat/completions': (req, res) =>
        sendSse(res, trace(req.json.messages.at(-1).content === 'reason' ? 'chat-stream-reasoning-content-effort-low-ollmost.sse' : 'chat-stream-plain-include-usage-ollmost.sse')),
    });
    const { provider } = makeProvider({ lmstudio_base_url: server.url });
    const plain: string[] = [];
    const a = await within(provider.stream({ systemPrompt: '', userMessage: 'plain' }, (c) => void (c.done || plain.push(c.delta))));
    expect(a).toEqual({ content: 'Hello there, how are you?', model: GEMMA, usage: { inputTokens: 22, outputTokens: 8 } });
    expect(plain.join('')).toBe(a.content);
    const reasoned: string[] = [];
    const b = await within(provider.stream({ systemPrompt: '', userMessage: 'reason' }, (c) => void (c.done || reasoned.push(c.delta))));
    expect(b.model).toBe(QWEN);
    expect(b.content).toBe(reasoned.join(''));
    expect(b.content).not.toMatch(/need to calculate/);
    expect(b.usage).toEqual({ inputTokens: 61, outputTokens: 55 });
  });
});

describe('completeWithTools()', () => {
  const weather = {
    name: 'get_weather',
    description: 'Current weather for a city',
    inputSchema: { type: 'object', properties: { city: { type: 'string', description: 'City name' } }, required: ['city'] },
  };
  const request = { systemPrompt: 'Use tools.', userMessage: 'Weather in Paris?', tools: [weather] };

  it('streams with the tools mapped to OpenAI functions and max_tokens 4096', async () => {
    const server = await startLmStudio({ ...modelsRoute(TYPICAL), ...chatRoute(() => textStream(['Sunny.'])) });
    const { provider } = makeProvider({ lmstudio_base_url: server.url });
    const answer = await within(provider.completeWithTools(request));
    expect(answer).toMatchObject({ content: 'Sunny.', toolCalls: [], stopReason: 'end_turn' });
    expect(server.to('/v1/chat/completions')[0]?.json).toMatchObject({
      stream: true,
      max_tokens: 4096,
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Current weather for a city', parameters: weather.inputSchema } }],
    });
  });

  it('returns a tool call that arrives whole (LM Studio 0.4.x: arguments in the second fragment)', async () => {
    const body = sse([
      chunk({ reasoning: 'The user wants Paris.' }),
      chunk({ toolCalls: [{ index: 0, id: '146102770', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
      chunk({ toolCalls: [{ index: 0, type: 'function', function: { arguments: '{"city":"Paris"}' } }] }),
      chunk({ finish: 'tool_calls' }),
      chunk({ usage: { prompt_tokens: 90, completion_tokens: 92 } }),
    ]);
    const server = await startLmStudio({ ...modelsRoute(TYPICAL), ...chatRoute(() => body) });
    const { provider } = makeProvider({ lmstudio_base_url: server.url });
    const answer = await within(provider.completeWithTools(request));
    expect(answer).toEqual({
      content: '',
      model: GEMMA,
      usage: { inputTokens: 90, outputTokens: 92 },
      toolCalls: [{ id: '146102770', name: 'get_weather', input: { city: 'Paris' } }],
      stopReason: 'tool_use',
    });
  });

  it('assembles calls fragmented token by token across events, parallel calls, and "name": "" continuations', async () => {
    const pieces = ['{"', 'city', '":"', 'Par', 'is', '"}'];
    const body = sse([
      chunk({ toolCalls: [{ index: 0, id: '111', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
      ...pieces.map((p) => chunk({ toolCalls: [{ index: 0, type: 'function', function: { name: '', arguments: p } }] })),
      chunk({ toolCalls: [{ index: 1, id: '222', type: 'function', function: { name: 'get_weather', arguments: '{"city":' } }] }),
      chunk({ toolCalls: [{ index: 1, type: 'function', function: { arguments: '"Oslo"}' } }] }),
      chunk({ finish: 'tool_calls' }),
    ]);
    // Cut the body at arbitrary places too: events must be parsed by SSE rules, not by network reads.
    const server = await startLmStudio({
      ...modelsRoute(TYPICAL),
      'POST /v1/chat/completions': async (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        for (let i = 0; i < body.length; i += 37) {
          res.write(body.slice(i, i + 37));
          await new Promise((r) => setImmediate(r));
        }
        res.end();
      },
    });
    const { provider } = makeProvider({ lmstudio_base_url: server.url });
    const answer = await within(provider.completeWithTools(request));
    expect(answer.toolCalls).toEqual([
      { id: '111', name: 'get_weather', input: { city: 'Paris' } },
      { id: '222', name: 'get_weather', input: { city: 'Oslo' } },
    ]);
    expect(answer.stopReason).toBe('tool_use');
  });

  it('returns a call with unparseable arguments, with input { __raw_arguments, __error }', async () => {
    const body = sse([
      chunk({ content: 'Checking.' }),
      chunk({ toolCalls: [{ index: 0, id: '333', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Par' } }] }),
      chunk({ finish: 'length' }),
    ]);
    const server = await startLmStudio({ ...modelsRoute(TYPICAL), ...chatRoute(() => body) });
    const { provider, rows } = makeProvider({ lmstudio_base_url: server.url });
    const answer = await within(provider.completeWithTools(request));
    expect(answer.content).toBe('Checking.');
    expect(answer.stopReason).toBe('tool_use');
    expect(answer.toolCalls).toHaveLength(1);
    const call = answer.toolCalls[0]!;
    expect(call).toMatchObject({ id: '333', name: 'get_weather' });
    expect(Object.keys(call.input).sort()).toEqual([ARGUMENTS_ERROR_KEY, RAW_ARGUMENTS_KEY].sort());
    expect(call.input[RAW_ARGUMENTS_KEY]).toBe('{"city": "Par');
    expect(call.input[ARGUMENTS_ERROR_KEY]).toEqual(expect.stringMatching(/JSON/));
    expect(rows[0]?.success).toBe(true);
  });

  it('never returns an empty tool call id', async () => {
    const body = sse([
      chunk({ toolCalls: [{ index: 0, id: '', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } }] }),
      chunk({ finish: 'tool_calls' }),
    ]);
    const server = await startLmStudio({ ...modelsRoute(TYPICAL), ...chatRoute(() => body) });
    const { provider } = makeProvider({ lmstudio_base_url: server.url });
    const answer = await within(provider.completeWithTools(request));
    expect(answer.toolCalls[0]?.id).toEqual(expect.stringMatching(/.+/));
    expect(answer.toolCalls[0]?.input).toEqual({ city: 'Rome' });
  });

  it('drives the host agent loop (unbound, results pasted into userMessage) to an end_turn', async () => {
    const server = await startLmStudio({
      ...modelsRoute(TYPICAL),
      ...chatRoute((req) => {
        const user: string = req.json.messages.at(-1).content;
        if (!user.includes('Tool results')) {
          return sse([
            chunk({ toolCalls: [{ index: 0, id: '444', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
            chunk({ toolCalls: [{ index: 0, type: 'function', function: { arguments: '{"city":"Paris"}' } }] }),
            chunk({ finish: 'tool_calls' }),
          ]);
        }
        return textStream(['It is ', user.includes('18°C') ? '18°C' : '??', ' in Paris.']);
      }),
    });
    const { provider } = makeProvider({ lmstudio_base_url: server.url });
    const host = new FakeHost();
    host.registerProvider(provider);
    const seen: unknown[] = [];
    const run = await within(
      host.runAgent(request, {
        get_weather: (input) => {
          seen.push(input);
          return '18°C and sunny';
        },
      }),
    );
    expect(seen).toEqual([{ city: 'Paris' }]);
    expect(run.responses.map((r) => r.stopReason)).toEqual(['tool_use', 'end_turn']);
    expect(run.responses[1]?.content).toBe('It is 18°C in Paris.');
  });
});

describe('unbound methods', () => {
  it('every method works without its object', async () => {
    const server = await startLmStudio({ ...modelsRoute(TYPICAL), ...chatRoute(() => textStream(['x'])) });
    const { provider } = makeProvider({ lmstudio_base_url: server.url });
    const { complete, chat, stream, completeWithTools, isConfigured, refreshModels, dispose, resetClient } = provider;
    expect(await within(refreshModels())).toEqual([QWEN, GEMMA]);
    expect(isConfigured()).toBe(true);
    expect((await within(complete(ASK))).content).toBe('ok');
    expect((await within(chat({ systemPrompt: '', messages: [{ role: 'user', content: 'hi' }] }))).content).toBe('ok');
    expect((await within(stream(ASK, () => undefined))).content).toBe('x');
    expect((await within(completeWithTools({ ...ASK, tools: [] }))).content).toBe('x');
    resetClient();
    dispose();
  });
});

describe('errors', () => {
  it('connection refused → AI_CONNECTION_ERROR', async () => {
    const port = await freePort();
    const { provider, rows } = makeProvider({ lmstudio_base_url: `http://127.0.0.1:${port}`, lmstudio_model_standard: GEMMA });
    const error = await rejection(provider.complete({ ...ASK, task: 'job-analysis' }));
    expect(error).toBeInstanceOf(AIServiceError);
    expect(error).toMatchObject({
      name: 'AIServiceError',
      code: 'AI_CONNECTION_ERROR',
      recoverable: true,
      context: { task: 'job-analysis', model: GEMMA, provider: 'lm-studio' },
    });
    expect(error.cause).toBeInstanceOf(LmStudioError);
    expect(error.cause.code).toBe('unreachable');
    expect(error.message).toMatch(/Cannot reach LM Studio/);
    expect(rows).toEqual([expect.objectContaining({ success: false, errorCode: 'AI_CONNECTION_ERROR', model: GEMMA, task: 'job-analysis' })]);
  });

  it('connection refused during discovery → AI_CONNECTION_ERROR (not "no model")', async () => {
    const port = await freePort();
    const { provider } = makeProvider({ lmstudio_base_url: `http://127.0.0.1:${port}` });
    const error = await rejection(provider.stream(ASK, () => undefined));
    expect(error.code).toBe('AI_CONNECTION_ERROR');
    expect(error.context).toEqual({ task: 'stream', model: '', provider: 'lm-studio', lmStudioCode: 'unreachable' });
  });

  it('401 → AUTH_REQUIRED, and the API key appears in no message, log or row', async () => {
    const key = 'sk-lm-very-secret-987';
    const deny = (_req: unknown, res: import('node:http').ServerResponse) =>
      json(res, 401, {
        error: {
          type: 'invalid_request',
          code: 'invalid_api_key',
          message: `Invalid token ${key}: an LM Studio API token is required to make requests to this server.`,
        },
      });
    const server = await startLmStudio({ 'GET /api/v1/models': deny, 'POST /v1/chat/completions': deny });
    const { provider, logs, rows } = makeProvider({ lmstudio_base_url: server.url, lmstudio_api_key: key });
    const error = await rejection(provider.complete(ASK));
    expect(error.code).toBe('AUTH_REQUIRED');
    expect(error.cause.code).toBe('auth');
    const withModel = makeProvider({ lmstudio_base_url: server.url, lmstudio_api_key: key, lmstudio_model_standard: GEMMA });
    const error2 = await rejection(withModel.provider.stream(ASK, () => undefined));
    expect(error2.code).toBe('AUTH_REQUIRED');
    const everything = JSON.stringify([error.message, error2.message, error.context, logs, withModel.logs, rows, withModel.rows, String(error.stack)]);
    expect(everything).not.toContain(key);
    expect(rows[0]?.errorCode).toBe('AUTH_REQUIRED');
  });

  it('400 model not found → AI_REQUEST_ERROR with a readable message, and the list is refreshed', async () => {
    const server = await startLmStudio({
      ...modelsRoute(TYPICAL),
      'POST /v1/chat/completions': (_req, res) =>
        json(res, 400, {
          error: {
            message: 'Invalid model identifier "o4-mini". Please specify a valid downloaded model (e.g., google/gemma-4-e4b).',
            type: 'invalid_request_error',
            param: 'model',
            code: 'model_not_found',
          },
        }),
    });
    const { provider, rows } = makeProvider({ lmstudio_base_url: server.url, lmstudio_model_standard: 'o4-mini' });
    const error = await rejection(provider.complete(ASK));
    expect(error.code).toBe('AI_REQUEST_ERROR');
    expect(error.cause.code).toBe('model-not-found');
    expect(error.message).toMatch(/o4-mini/);
    expect(error.message).not.toMatch(/\{"error"|invalid_request_error/);
    expect(rows[0]).toMatchObject({ success: false, model: 'o4-mini', errorCode: 'ERROR' });
    const probes = server.to('/api/v1/models').length;
    expect(await until(() => server.to('/api/v1/models').length > probes)).toBe(true);
  });

  it('400 no model loaded → AI_REQUEST_ERROR', async () => {
    const server = await startLmStudio({
      ...modelsRoute(TYPICAL),
      'POST /v1/chat/completions': (_req, res) =>
        json(res, 400, { error: "No models loaded. Please load a model in the developer page or use the 'lms load' command." }),
    });
    const { provider } = makeProvider({ lmstudio_base_url: server.url });
    const error = await rejection(provider.completeWithTools({ ...ASK, tools: [] }));
    expect(error.code).toBe('AI_REQUEST_ERROR');
    expect(error.cause.code).toBe('no-model-loaded');
  });

  it('429 → RATE_LIMITED', async () => {
    const server = await startLmStudio({ ...modelsRoute(TYPICAL), 'POST /v1/chat/completions': (_req, res) => json(res, 429, { error: 'Too many requests' }) });
    const { provider, rows } = makeProvider({ lmstudio_base_url: server.url });
    const error = await rejection(provider.complete(ASK));
    expect(error.code).toBe('RATE_LIMITED');
    expect(rows[0]?.errorCode).toBe('RATE_LIMITED');
  });

  it('timeouts → AI_TIMEOUT: no first token, silence mid-stream, a slow whole answer', async () => {
    const server = await startLmStudio({
      ...modelsRoute(TYPICAL),
      'POST /v1/chat/completions': (req, res) => {
        const mode = req.json.messages.at(-1).content;
        if (mode === 'silent') return; // never answers
        if (mode === 'stall') {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write(`data: ${JSON.stringify(chunk({ content: 'Hel' }))}\n\n`);
          return; // then nothing
        }
        setTimeout(() => json(res, 200, completion('too late')), 2_000).unref();
      },
    });
    const { provider, rows } = makeProvider(
      { lmstudio_base_url: server.url },
      { timeouts: { firstTokenMs: 200, idleMs: 200, totalMs: 400 } },
    );
    const silent = await rejection(provider.stream({ systemPrompt: '', userMessage: 'silent' }, () => undefined));
    expect(silent.code).toBe('AI_TIMEOUT');
    expect(silent.cause.phase).toBe('first-token');
    const stall = await rejection(provider.completeWithTools({ systemPrompt: '', userMessage: 'stall', tools: [] }));
    expect(stall.code).toBe('AI_TIMEOUT');
    expect(stall.cause.phase).toBe('idle');
    const slow = await rejection(provider.complete({ systemPrompt: '', userMessage: 'slow' }));
    expect(slow.code).toBe('AI_TIMEOUT');
    expect(slow.cause.phase).toBe('total');
    expect(rows.map((r) => r.errorCode)).toEqual(['TIMEOUT', 'TIMEOUT', 'TIMEOUT']);
  });

  it('an error event inside the stream rejects (STREAM_ERROR row) instead of resolving empty', async () => {
    const server = await startLmStudio({
      ...modelsRoute(TYPICAL),
      ...chatRoute(
        () =>
          `data: ${JSON.stringify(chunk({ content: 'Partial' }))}\n\nevent: error\ndata: ${JSON.stringify({ error: { message: 'Model crashed' } })}\n\n`,
      ),
    });
    const { provider, rows } = makeProvider({ lmstudio_base_url: server.url });
    const error = await rejection(provider.stream(ASK, () => undefined));
    expect(error).toBeInstanceOf(AIServiceError);
    expect(error.code).toBe('AI_REQUEST_ERROR');
    expect(error.message).toMatch(/Model crashed/);
    expect(rows[0]).toMatchObject({ success: false, errorCode: 'STREAM_ERROR' });
  });

  it('an invalid base URL → AI_REQUEST_ERROR, and isConfigured() stays false without throwing', async () => {
    const { provider } = makeProvider({ lmstudio_base_url: 'not a url', lmstudio_model_standard: GEMMA });
    const error = await rejection(provider.complete(ASK));
    expect(error).toBeInstanceOf(AIServiceError);
    expect(error.code).toBe('AI_REQUEST_ERROR');
    expect(provider.isConfigured()).toBe(false);
  });
});

describe('usage rows and logging', () => {
  it('records exactly one row per call, success or failure', async () => {
    let fail = false;
    const server = await startLmStudio({
      ...modelsRoute(TYPICAL),
      'POST /v1/chat/completions': (req, res) => {
        if (fail) return json(res, 500, { error: 'boom' });
        if (req.json.stream) return sendSse(res, textStream(['a']));
        json(res, 200, completion('b'));
      },
    });
    const { provider, rows } = makeProvider({ lmstudio_base_url: server.url });
    await within(provider.complete(ASK));
    await within(provider.chat({ systemPrompt: '', messages: [{ role: 'user', content: 'x' }] }));
    await within(provider.stream(ASK, () => undefined));
    await within(provider.completeWithTools({ ...ASK, tools: [] }));
    fail = true;
    await rejection(provider.complete(ASK));
    await rejection(provider.stream(ASK, () => undefined));
    expect(rows.map((r) => [r.task, r.success, r.errorCode])).toEqual([
      ['complete', true, undefined],
      ['chat', true, undefined],
      ['stream', true, undefined],
      ['completeWithTools', true, undefined],
      ['complete', false, 'ERROR'],
      ['stream', false, 'ERROR'],
    ]);
    for (const row of rows) expect(row.apiKeyHash).toBe('lmstudio-local');
  });

  it('works without log or recordUsage, and with ones that throw', async () => {
    const server = await startLmStudio({ ...modelsRoute(TYPICAL), ...chatRoute(() => textStream(['a'])) });
    const bare = makeProvider({ lmstudio_base_url: server.url }, { log: undefined, recordUsage: undefined });
    expect((await within(bare.provider.complete(ASK))).content).toBe('ok');
    const explode = () => {
      throw new Error('sink down');
    };
    const hostile = makeProvider(
      { lmstudio_base_url: server.url },
      { log: { debug: explode, info: explode, warn: explode, error: explode }, recordUsage: explode },
    );
    expect((await within(hostile.provider.stream(ASK, () => undefined))).content).toBe('a');
    expect((await within(hostile.provider.complete({ ...ASK, tier: 'fast' }))).content).toBe('ok');
  });

  it('logs calls at debug and failures at warn', async () => {
    const port = await freePort();
    const { provider, logs } = makeProvider({ lmstudio_base_url: `http://127.0.0.1:${port}`, lmstudio_model_standard: GEMMA });
    await rejection(provider.complete(ASK));
    expect(logs.some((l) => l.level === 'debug' && l.message.includes(GEMMA))).toBe(true);
    expect(logs.some((l) => l.level === 'warn' && l.message.includes('AI_CONNECTION_ERROR'))).toBe(true);
  });
});
