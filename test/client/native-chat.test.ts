import type { ServerResponse } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { createLmStudioClient, type NativeChatEvent, type NativeChatRequest } from '../../src/index.js';
import { expectReadable, lmStudioError } from '../support/assertions.js';
import { sendJson, useServers } from '../support/loopback-server.js';
import { loadAndAnswerEvents, mcpEvents, nativeMcpResult, nativeReasoningOnly, nativeResult, nativeSse, type NativeEvent } from '../support/native-fixtures.js';

// Loopback servers answer in milliseconds: a test that takes seconds is a hang.
vi.setConfig({ testTimeout: 5_000, hookTimeout: 5_000 });

const serve = useServers();
const request: NativeChatRequest = { model: 'qwen/qwen3-4b', input: 'Hello' };

function sse(res: ServerResponse, events: readonly NativeEvent[]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.end(nativeSse(events));
}

async function collect(stream: AsyncIterable<NativeChatEvent>): Promise<NativeChatEvent[]> {
  const out: NativeChatEvent[] = [];
  for await (const event of stream) out.push(event);
  return out;
}

describe('nativeChat (POST /api/v1/chat, whole)', () => {
  it('sends the request as LM Studio takes it and maps the result', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, nativeResult));
    const lm = createLmStudioClient({ baseUrl: server.url });
    const result = await lm.nativeChat({ ...request, system_prompt: 'Be brief.', store: true, reasoning: 'low' });
    expect(server.requests[0]?.url).toBe('/api/v1/chat');
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ model: 'qwen/qwen3-4b', input: 'Hello', system_prompt: 'Be brief.', store: true, reasoning: 'low' });
    expect(result).toMatchObject({
      content: 'Hello! How can I help?',
      reasoning: 'The user greets me.',
      toolCalls: [],
      invalidToolCalls: [],
      responseId: nativeResult.response_id,
      id: nativeResult.response_id,
      model: 'qwen/qwen3-4b@q4_k_m:2',
      modelMismatch: false,
      finishReason: 'stop',
      truncated: false,
      stats: { inputTokens: 12, outputTokens: 20, reasoningOutputTokens: 6, tokensPerSecond: 88.5, timeToFirstTokenSeconds: 0.121 },
      usage: { promptTokens: 12, completionTokens: 20, totalTokens: 32, reasoningTokens: 6 },
    });
    expect(result.stats.modelLoadTimeSeconds).toBeUndefined();
  });

  it('MCP integrations pass through typed; tool calls keep their object arguments, output and provider', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, nativeMcpResult));
    const lm = createLmStudioClient({ baseUrl: server.url });
    const integrations: NativeChatRequest['integrations'] = [
      'mcp/browser',
      { type: 'plugin', id: 'mcp/browser', allowed_tools: ['navigate'] },
      { type: 'ephemeral_mcp', server_label: 'docs', server_url: 'https://docs.example.org/mcp', headers: { 'X-Key': 'k' } },
    ];
    const result = await lm.nativeChat({ ...request, integrations });
    expect(JSON.parse(server.requests[0]?.body ?? '').integrations).toEqual(integrations);
    expect(result.content).toBe('Found two pages.\n\nOpened it.');
    expect(result.toolCalls).toEqual([
      {
        id: 'call_0',
        name: 'search_docs',
        arguments: '{"query":"vision","limit":2}',
        input: { query: 'vision', limit: 2 },
        output: '[{"type":"text","text":"two hits"}]',
        provider: { type: 'ephemeral_mcp', serverLabel: 'docs' },
      },
      { id: 'call_1', name: 'navigate', arguments: '{"url":"https://example.org"}', input: { url: 'https://example.org' }, output: 'ok', provider: { type: 'plugin', pluginId: 'mcp/browser' } },
    ]);
    expect(result.invalidToolCalls).toEqual([{ reason: 'Cannot find tool with name open_page.', kind: 'invalid_name', name: 'open_page' }]);
    expect(result.stats.modelLoadTimeSeconds).toBe(2.75);
  });

  it('a reasoning-only answer with nothing marking it as cut is reported as truncated', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, nativeReasoningOnly));
    const result = await createLmStudioClient({ baseUrl: server.url }).nativeChat(request);
    expect(result).toMatchObject({ content: '', truncated: true, finishReason: 'length', reasoning: nativeReasoningOnly.output[0]?.content });
  });

  it('images in input: data URLs go as LM Studio image items, image_url parts are converted', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, nativeResult));
    const lm = createLmStudioClient({ baseUrl: server.url });
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    await lm.nativeChat({
      model: 'qwen/qwen3-vl-4b',
      input: [{ type: 'message', content: 'What is this?' }, { type: 'image_url', image_url: { url: png } }, { type: 'image', data_url: png }],
    });
    expect(JSON.parse(server.requests[0]?.body ?? '').input).toEqual([
      { type: 'message', content: 'What is this?' },
      { type: 'image', data_url: png },
      { type: 'image', data_url: png },
    ]);
  });

  describe('what this surface cannot do is refused before sending, naming /v1/chat/completions', () => {
    const refused: [string, unknown][] = [
      ['custom client tools', { ...request, tools: [{ type: 'function', function: { name: 'f', parameters: {} } }] }],
      ['assistant messages in input', { ...request, input: [{ role: 'assistant', content: 'Earlier answer' }] }],
      ['a messages transcript', { ...request, messages: [{ role: 'user', content: 'hi' }] }],
      ['structured output (response_format)', { ...request, response_format: { type: 'json_schema', json_schema: { name: 'x', schema: {} } } }],
      ['structured output (text.format)', { ...request, text: { format: { type: 'json_schema' } } }],
    ];
    it.each(refused)('%s', async (_name, body) => {
      const server = await serve((_req, res) => sendJson(res, 200, nativeResult));
      const lm = createLmStudioClient({ baseUrl: server.url });
      const whole = await lmStudioError(() => lm.nativeChat(body as NativeChatRequest));
      const streamed = await lmStudioError(() => lm.streamNativeChat(body as NativeChatRequest));
      for (const error of [whole, streamed]) {
        expect(error.code).toBe('bad-request');
        expect(error.message).toContain('/v1/chat/completions');
        expectReadable(error);
      }
      expect(server.requests).toHaveLength(0);
    });

    it('an image by http URL (LM Studio does not fetch it)', async () => {
      const lm = createLmStudioClient({ baseUrl: 'http://127.0.0.1:9' });
      const error = await lmStudioError(() => lm.nativeChat({ ...request, input: [{ type: 'image_url', image_url: { url: 'https://example.org/a.png' } }] }));
      expect(error.code).toBe('bad-request');
      expect(error.message).toContain('imagePart');
    });

    it('a missing model or input', async () => {
      const lm = createLmStudioClient({ baseUrl: 'http://127.0.0.1:9' });
      expect((await lmStudioError(() => lm.nativeChat({ model: '', input: 'x' }))).code).toBe('bad-request');
      expect((await lmStudioError(() => lm.nativeChat({ model: 'm', input: [] }))).code).toBe('bad-request');
    });
  });

  describe("LM Studio's refusals become typed errors with its message", () => {
    it.each<[string, number, unknown, string]>([
      [
        'a loopback ephemeral MCP server',
        400,
        { error: { type: 'invalid_request', message: 'Ephemeral MCP servers cannot use loopback or private addresses: http://127.0.0.1:8931/mcp' } },
        'bad-request',
      ],
      ['a token without MCP permission', 400, { error: 'Permission denied to use local MCP server mcp/playwright' }, 'bad-request'],
      ['an unknown model', 400, { error: { type: 'model_not_found', message: 'Model "nope" not found', code: 'model_not_found', param: 'model' } }, 'model-not-found'],
      ['LM Studio before 0.4', 200, { error: 'Unexpected endpoint or method. (POST /api/v1/chat)' }, 'endpoint-not-found'],
    ])('%s', async (_name, status, body, code) => {
      const server = await serve((_req, res) => sendJson(res, status, body));
      const error = await lmStudioError(createLmStudioClient({ baseUrl: server.url }).nativeChat(request));
      expect(error.code).toBe(code);
      expect(error.status).toBe(status);
      const said = typeof (body as { error: unknown }).error === 'string' ? (body as { error: string }).error : (body as { error: { message: string } }).error.message;
      expect(error.serverMessage).toBe(said);
      expectReadable(error, said.slice(0, 25));
    });

    it('a 200 without output is a bad-response', async () => {
      const server = await serve((_req, res) => sendJson(res, 200, { model_instance_id: 'm' }));
      expect((await lmStudioError(createLmStudioClient({ baseUrl: server.url }).nativeChat(request))).code).toBe('bad-response');
    });
  });
});

describe('streamNativeChat (POST /api/v1/chat, stream: true)', () => {
  it('yields load and prompt-processing progress, reasoning and text; the result equals the whole one', async () => {
    const server = await serve((_req, res) => sse(res, loadAndAnswerEvents()));
    const lm = createLmStudioClient({ baseUrl: server.url });
    const stream = lm.streamNativeChat(request);
    const events = await collect(stream);
    expect(JSON.parse(server.requests[0]?.body ?? '').stream).toBe(true);
    expect(events.filter((e) => e.type === 'model-load')).toEqual([
      { type: 'model-load', progress: 0 },
      { type: 'model-load', progress: 0 },
      { type: 'model-load', progress: 0.5 },
      { type: 'model-load', progress: 1 },
    ]);
    expect(events.filter((e) => e.type === 'prompt-processing').map((e) => (e as { progress: number }).progress)).toEqual([0, 0.5, 1]);
    expect(events.filter((e) => e.type === 'reasoning').map((e) => (e as { delta: string }).delta).join('')).toBe('The user greets me.');
    expect(events.filter((e) => e.type === 'text').map((e) => (e as { delta: string }).delta).join('')).toBe('Hello! How can I help?');
    expect(events.at(-1)).toEqual({ type: 'finish', finishReason: 'stop' });
    const result = await stream.result();
    const whole = await createLmStudioClient({ baseUrl: (await serve((_req, res) => sendJson(res, 200, nativeResult))).url }).nativeChat(request);
    expect(result).toEqual(whole);
  });

  it('MCP tool calls stream as start, arguments, end with output; a failure as invalid-tool-call', async () => {
    const server = await serve((_req, res) => sse(res, mcpEvents));
    const stream = createLmStudioClient({ baseUrl: server.url }).streamNativeChat(request);
    const events = await collect(stream);
    const kinds = events.map((e) => e.type).filter((t) => t.startsWith('tool-call') || t === 'invalid-tool-call');
    expect(kinds).toEqual(['tool-call-start', 'tool-call-delta', 'tool-call-end', 'tool-call-start', 'invalid-tool-call', 'tool-call-start', 'tool-call-delta', 'tool-call-end']);
    const ends = events.filter((e) => e.type === 'tool-call-end').map((e) => (e as { toolCall: { id: string; output?: string } }).toolCall);
    const result = await stream.result();
    // The stream's ids and the result's agree, though a failed call came between.
    expect(ends.map((c) => c.id)).toEqual(result.toolCalls.map((c) => c.id));
    expect(ends[0]?.output).toBe('[{"type":"text","text":"two hits"}]');
    expect(events.filter((e) => e.type === 'text').map((e) => (e as { delta: string }).delta).join('')).toBe(result.content);
  });

  it('result() alone reads the stream to its end', async () => {
    const server = await serve((_req, res) => sse(res, loadAndAnswerEvents()));
    const result = await createLmStudioClient({ baseUrl: server.url }).streamNativeChat(request).result();
    expect(result.content).toBe('Hello! How can I help?');
  });

  it('a server that answers JSON instead of a stream still gives the result', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, nativeResult));
    const result = await createLmStudioClient({ baseUrl: server.url }).streamNativeChat(request).result();
    expect(result.responseId).toBe(nativeResult.response_id);
  });

  it('a reasoning-only chat.end is truncated', async () => {
    const server = await serve((_req, res) =>
      sse(res, [{ type: 'chat.start' }, { type: 'reasoning.start' }, { type: 'reasoning.delta', content: 'I should' }, { type: 'chat.end', result: nativeReasoningOnly }]),
    );
    const stream = createLmStudioClient({ baseUrl: server.url }).streamNativeChat(request);
    const events = await collect(stream);
    expect(events.at(-1)).toEqual({ type: 'finish', finishReason: 'length' });
    expect((await stream.result()).truncated).toBe(true);
  });

  it('an error event before any output keeps its classification; after output it is a stream-error with partial', async () => {
    const early = await serve((_req, res) =>
      sse(res, [{ type: 'chat.start' }, { type: 'error', error: { type: 'model_not_found', message: 'Model "nope" not found', param: 'model' } }]),
    );
    const first = await lmStudioError(createLmStudioClient({ baseUrl: early.url }).streamNativeChat(request).result());
    expect(first.code).toBe('model-not-found');
    expect(first.serverMessage).toBe('Model "nope" not found');

    const late = await serve((_req, res) =>
      sse(res, [
        { type: 'chat.start' },
        { type: 'message.start' },
        { type: 'message.delta', content: 'Half an ans' },
        { type: 'error', error: { type: 'mcp_connection_error', message: 'MCP server docs disconnected' } },
      ]),
    );
    const second = await lmStudioError(createLmStudioClient({ baseUrl: late.url }).streamNativeChat(request).result());
    expect(second.code).toBe('stream-error');
    expect(second.serverMessage).toBe('MCP server docs disconnected');
    expect(second.partial?.content).toBe('Half an ans');
    expectReadable(second, 'MCP server docs disconnected');
  });

  it('a stream that ends before chat.end is stream-truncated, with what arrived', async () => {
    const server = await serve((_req, res) => sse(res, loadAndAnswerEvents().slice(0, -1)));
    const error = await lmStudioError(createLmStudioClient({ baseUrl: server.url }).streamNativeChat(request).result());
    expect(error.code).toBe('stream-truncated');
    expect(error.partial).toMatchObject({ content: 'Hello! How can I help?', reasoning: 'The user greets me.', finishReason: null });
  });

  it('leaving the loop early closes the connection', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(nativeSse([{ type: 'chat.start' }, { type: 'model_load.start' }]));
      // Never ends on its own.
    });
    const stream = createLmStudioClient({ baseUrl: server.url }).streamNativeChat(request);
    const closed = server.closed();
    for await (const event of stream) {
      expect(event).toEqual({ type: 'model-load', progress: 0 });
      break;
    }
    await closed;
    expect((await lmStudioError(stream.result())).code).toBe('aborted');
  });
});
