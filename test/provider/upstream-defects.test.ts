// One regression test per defect of the upstream LM Studio provider (see openorbit-host.md, "What the existing
// upstream LM Studio provider gets wrong"). Each is named after the defect it pins down.
import { describe, expect, it } from 'vitest';
import type { AIStreamChunk, ModelTier } from '../../src/openorbit/index.js';
import { AIServiceError, RAW_ARGUMENTS_KEY } from '../../src/provider/index.js';
import {
  EMBED,
  FakeHost,
  GEMMA,
  TYPICAL,
  chatRoute,
  chunk,
  completion,
  freePort,
  json,
  makeProvider,
  modelsRoute,
  openAiModels,
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

const ASK = { systemPrompt: 'sys', userMessage: 'hi' };
const TIERS: ModelTier[] = ['fast', 'standard', 'premium'];

describe('upstream defects', () => {
  it('upstream defect 1: isConfigured recovers when LM Studio starts after the app', async () => {
    const port = await freePort();
    const { provider } = makeProvider({ lmstudio_base_url: `http://127.0.0.1:${port}` });
    const host = new FakeHost();
    host.registerProvider(provider);
    expect(host.listProviders()[0]?.configured).toBe(false);

    // Meanwhile a call fails as a connection error; nothing goes out with the model 'default'.
    const early = await rejection(provider.complete(ASK));
    expect(early.code).toBe('AI_CONNECTION_ERROR');
    expect(provider.isConfigured()).toBe(false);

    const server = await startLmStudio({ ...modelsRoute(TYPICAL), ...chatRoute(() => '', (req) => completion('up', { model: req.json.model })) }, port);
    expect(await until(() => provider.isConfigured(), 2500)).toBe(true);
    expect(host.listProviders()[0]).toMatchObject({ configured: true, models: [expect.any(String), expect.any(String)] });

    const answer = await within(provider.complete(ASK));
    expect(answer.model).toBe(GEMMA);
    for (const r of server.to('/v1/chat/completions')) expect(r.json.model).not.toBe('default');
  });

  it('upstream defect 2: no tier picks an embedding model listed first in /v1/models', async () => {
    // An older server: only the OpenAI-compatible listing (LM Studio's 200 "Unexpected endpoint" elsewhere).
    const server = await startLmStudio({
      'GET /v1/models': (_req, res) => json(res, 200, openAiModels([EMBED, 'text-embedding-bge-m3', 'mistralai/devstral-small-2505', GEMMA])),
      ...chatRoute(() => '', (req) => completion('ok', { model: req.json.model })),
    });
    const { provider } = makeProvider({ lmstudio_base_url: server.url });
    for (const tier of TIERS) {
      const answer = await within(provider.complete({ ...ASK, tier }));
      expect(answer.model).toBe('mistralai/devstral-small-2505');
    }
    expect(provider.capabilities.models).toEqual(['mistralai/devstral-small-2505', GEMMA]);
    for (const r of server.to('/v1/chat/completions')) expect(r.json.model).not.toMatch(/embed|bge/);
  });

  it.skipIf(!tracesPresent)('upstream defect 2 (real listing): embeddings mixed into a recorded /v1/models are never chosen', async () => {
    const listing = JSON.parse(trace('models-v1-cs3b-ace.json')) as { data: { id: string }[] };
    // Put the embedding models first, as some servers list them.
    listing.data.sort((a, b) => Number(/embed/i.test(b.id)) - Number(/embed/i.test(a.id)));
    const server = await startLmStudio({
      'GET /v1/models': (_req, res) => json(res, 200, listing),
      ...chatRoute(() => '', (req) => completion('ok', { model: req.json.model })),
    });
    const { provider } = makeProvider({ lmstudio_base_url: server.url });
    for (const tier of TIERS) expect((await within(provider.complete({ ...ASK, tier }))).model).not.toMatch(/embed/i);
    expect(provider.capabilities.models.some((id) => /embed/i.test(id))).toBe(false);
  });

  it('upstream defect 3: truncated or empty tool arguments keep the turn, and tool calls always mean tool_use', async () => {
    const body = sse([
      chunk({ toolCalls: [{ index: 0, id: '1', type: 'function', function: { name: 'list_jobs', arguments: '' } }] }),
      chunk({ toolCalls: [{ index: 1, id: '2', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Pa' } }] }),
      // LM Studio sometimes says "stop" although it sent tool calls.
      chunk({ finish: 'stop' }),
    ]);
    let round = 0;
    const server = await startLmStudio({ ...modelsRoute(TYPICAL), ...chatRoute(() => (round++ === 0 ? body : textStream(['Done.']))) });
    const { provider } = makeProvider({ lmstudio_base_url: server.url });
    const host = new FakeHost();
    host.registerProvider(provider);
    const inputs: unknown[] = [];
    const run = await within(
      host.runAgent(
        { systemPrompt: 'tools', userMessage: 'go', tools: [] },
        {
          list_jobs: (input) => (inputs.push(input), 'no jobs'),
          get_weather: (input) => (inputs.push(input), `bad arguments: ${String(input[RAW_ARGUMENTS_KEY])}`),
        },
      ),
    );
    const first = run.responses[0]!;
    expect(first.stopReason).toBe('tool_use');
    expect(first.toolCalls.map((c) => c.name)).toEqual(['list_jobs', 'get_weather']);
    expect(inputs[0]).toEqual({});
    expect(inputs[1]).toMatchObject({ [RAW_ARGUMENTS_KEY]: '{"city": "Pa' });
    expect(run.responses.at(-1)).toMatchObject({ stopReason: 'end_turn', content: 'Done.' });
  });

  it('upstream defect 4: streams report errors, keep the last event, accept "data:" without a space, surface onChunk throws, hide reasoning, name the answering model', async () => {
    const answering = 'google/gemma-4-e4b@q4_k_m';
    const server = await startLmStudio({
      ...modelsRoute(TYPICAL),
      'POST /v1/chat/completions': (req, res) => {
        const mode = req.json.messages.at(-1).content;
        if (mode === 'error') {
          return sendSse(res, `data: ${JSON.stringify(chunk({ content: 'Par' }))}\n\nevent: error\ndata: ${JSON.stringify({ error: { message: 'Context length exceeded' } })}\n\n`);
        }
        // No space after "data:", reasoning and <think> first, last event without a trailing newline, no [DONE].
        const events = [
          chunk({ reasoning: 'hidden reasoning' }, answering),
          chunk({ content: '<think>more hidden</think>' }, answering),
          chunk({ content: 'Visible' }, answering),
          chunk({ content: ' answer' }, answering),
          chunk({ usage: { prompt_tokens: 3, completion_tokens: 4 } }, answering),
        ].map((c) => `data:${JSON.stringify(c)}`);
        sendSse(res, `${events.join('\n\n')}\n\ndata:${JSON.stringify(chunk({ finish: 'stop' }, answering))}`);
      },
    });
    const { provider } = makeProvider({ lmstudio_base_url: server.url });

    const failed = await rejection(provider.stream({ systemPrompt: '', userMessage: 'error' }, () => undefined));
    expect(failed).toBeInstanceOf(AIServiceError);
    expect(failed.message).toMatch(/Context length exceeded/);

    const chunks: AIStreamChunk[] = [];
    const answer = await within(provider.stream({ systemPrompt: '', userMessage: 'ok' }, (c) => chunks.push(c)));
    expect(answer.content).toBe('Visible answer');
    expect(answer.model).toBe(answering);
    expect(chunks.at(-1)).toEqual({ delta: '', done: true, model: answering, usage: { inputTokens: 3, outputTokens: 4 } });
    expect(chunks.filter((c) => c.done)).toHaveLength(1);
    expect(JSON.stringify(chunks)).not.toMatch(/hidden|think/);

    const thrown = await rejection(
      provider.stream({ systemPrompt: '', userMessage: 'ok' }, () => {
        throw new Error('UI gone');
      }),
    );
    expect(thrown.cause?.message).toBe('UI gone');
  });

  it('upstream defect 5: timeouts, distinct network failures, readable HTTP errors, no TypeError on a 200 without choices, no /v1/v1', async () => {
    const server = await startLmStudio({
      ...modelsRoute(TYPICAL),
      'POST /v1/chat/completions': (req, res) => {
        const mode = req.json.messages.at(-1).content;
        if (mode === 'hang') return;
        if (mode === '500') return json(res, 500, { error: { message: 'Model crashed while generating', type: 'server_error' } });
        if (mode === 'no-choices') return json(res, 200, { id: 'x', object: 'chat.completion', model: GEMMA });
        json(res, 200, completion('fine'));
      },
    });
    const { provider } = makeProvider({ lmstudio_base_url: `${server.url}/v1` }, { timeouts: { firstTokenMs: 200, totalMs: 300 } });

    expect((await within(provider.complete({ systemPrompt: '', userMessage: 'ok' }))).content).toBe('fine');
    expect(server.requests.some((r) => r.url.startsWith('/v1/v1'))).toBe(false);

    const hang = await rejection(provider.stream({ systemPrompt: '', userMessage: 'hang' }, () => undefined));
    expect(hang.code).toBe('AI_TIMEOUT');

    const crashed = await rejection(provider.complete({ systemPrompt: '', userMessage: '500' }));
    expect(crashed.code).toBe('AI_REQUEST_ERROR');
    expect(crashed.message).toMatch(/Model crashed while generating/);
    expect(crashed.message).not.toMatch(/not running|\{"error"|server_error/);

    const empty = await rejection(provider.complete({ systemPrompt: '', userMessage: 'no-choices' }));
    expect(empty).toBeInstanceOf(AIServiceError);
    expect(empty.cause).not.toBeInstanceOf(TypeError);

    const port = await freePort();
    const down = makeProvider({ lmstudio_base_url: `http://127.0.0.1:${port}`, lmstudio_model_standard: GEMMA });
    expect((await rejection(down.provider.complete(ASK))).code).toBe('AI_CONNECTION_ERROR');
  });
});
