import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { NativeChatEvent, NativeChatResult } from '../../src/index.js';
import { Deadline } from '../../src/http/deadline.js';
import { NativeChatStream } from '../../src/stream/native-chat-stream.js';
import { nativeResult as toResult } from '../../src/stream/native-result.js';
import { loadAndAnswerEvents, mcpEvents, nativeSse, type NativeEvent } from '../support/native-fixtures.js';
import { listTraces, readTrace, readTraceJson, skipWithoutTraces } from '../support/traces.js';

vi.setConfig({ testTimeout: 10_000 });

/** A stream over `text` delivered in the given pieces (byte offsets), with no server. */
function streamOf(text: string, cuts: number[] = []): NativeChatStream {
  const bytes = new TextEncoder().encode(text);
  const points = [...new Set(cuts.map((c) => Math.min(bytes.length, Math.max(0, c))))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let at = 0;
  for (const p of [...points, bytes.length]) {
    if (p > at) pieces.push(bytes.subarray(at, p));
    at = Math.max(at, p);
  }
  return new NativeChatStream({
    requestedModel: 'qwen/qwen3-4b',
    idleMs: 60_000,
    maxEventBytes: 1 << 20,
    context: { method: 'POST', path: '/api/v1/chat', secrets: [] },
    deadline: () => new Deadline(undefined, 60_000, 60_000),
    open: async () => ({
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          for (const piece of pieces) controller.enqueue(piece);
          controller.close();
        },
      }),
    }),
  });
}

async function run(stream: NativeChatStream): Promise<{ events: NativeChatEvent[]; result: NativeChatResult }> {
  const events: NativeChatEvent[] = [];
  for await (const event of stream) events.push(event);
  return { events, result: await stream.result() };
}

describe('NativeChatStream', () => {
  it('however the bytes are cut, the events and the result are the same (property)', async () => {
    const text = nativeSse([...loadAndAnswerEvents().slice(0, -1), ...mcpEvents.slice(1, -1), loadAndAnswerEvents().at(-1) as NativeEvent]);
    const reference = await run(streamOf(text));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: text.length }), { maxLength: 40 }), async (cuts) => {
        expect(await run(streamOf(text, cuts))).toEqual(reference);
      }),
      { numRuns: 60 },
    );
  });

  it('events without a type field take the SSE event name; unknown event types are ignored', async () => {
    const text =
      'event: chat.start\ndata: {"model_instance_id":"m"}\n\n' +
      'event: model_load.progress\ndata: {"progress":0.25}\n\n' +
      'event: some_future.event\ndata: {"type":"some_future.event","x":1}\n\n' +
      'event: message.delta\ndata: {"content":"Hi"}\n\n' +
      `event: chat.end\ndata: ${JSON.stringify({ result: { model_instance_id: 'm', output: [{ type: 'message', content: 'Hi' }] } })}\n\n`;
    const { events, result } = await run(streamOf(text));
    expect(events.slice(0, 2)).toEqual([
      { type: 'model-load', progress: 0.25 },
      { type: 'text', delta: 'Hi' },
    ]);
    expect(result).toMatchObject({ content: 'Hi', model: 'm', modelMismatch: true });
  });

  it('progress outside 0..1 is clamped; an event that is not JSON is a bad-response with partial', async () => {
    const { events } = await run(streamOf(nativeSse([{ type: 'prompt_processing.progress', progress: 7 }, { type: 'chat.end', result: { output: [] } }])));
    expect(events[0]).toEqual({ type: 'prompt-processing', progress: 1 });
    const broken = streamOf(`${nativeSse([{ type: 'message.delta', content: 'so far' }])}event: message.delta\ndata: {not json\n\n`);
    const error = await broken.result().catch((e: unknown) => e as { code: string; partial?: NativeChatResult });
    expect(error).toMatchObject({ code: 'bad-response', partial: { content: 'so far' } });
  });
});

const noTraces = skipWithoutTraces('stream: recorded /api/v1/chat events');

describe.skipIf(noTraces)('the documented and recorded events', () => {
  it('every documented stream event, framed as LM Studio frames it, reads without error', async () => {
    const files = listTraces().filter((f) => /^docs-example-api-v1-chat-stream-.*-event\.json$/.test(f) && !f.includes('-error-'));
    expect(files.length).toBeGreaterThanOrEqual(17);
    const order = ['chat-start', 'model-load', 'prompt-processing', 'reasoning', 'tool-call', 'message', 'chat-end'];
    const rank = (f: string): number => order.findIndex((o) => f.includes(`-stream-${o}`));
    const events = files.sort((a, b) => rank(a) - rank(b)).map((f) => readTraceJson<NativeEvent>(f));
    const { events: out, result } = await run(streamOf(nativeSse(events)));
    expect(out.some((e) => e.type === 'model-load' && e.progress === 0.65)).toBe(true);
    expect(out.some((e) => e.type === 'prompt-processing' && e.progress === 0.5)).toBe(true);
    expect(out.filter((e) => e.type === 'invalid-tool-call')).toHaveLength(1);
    expect(result.toolCalls[0]).toMatchObject({ name: 'model_search', input: { sort: 'trendingScore', limit: 1 }, provider: { type: 'ephemeral_mcp', serverLabel: 'huggingface' } });
    expect(result.responseId).toMatch(/^resp_/);
  });

  it('the documented error event ends the stream with LM Studio\u2019s message', async () => {
    const error = readTraceJson<NativeEvent>('docs-example-api-v1-chat-stream-error-event.json');
    const failure = await streamOf(nativeSse([{ type: 'chat.start' }, error])).result().catch((e: unknown) => e as { code: string; serverMessage?: string });
    expect(failure).toMatchObject({ code: 'bad-request', serverMessage: '"model" is required' });
  });

  it('the recorded reasoning-only result (LM Studio 0.4.24) is truncated; a whole one is not', () => {
    const log = readTrace('api-v1-chat-server-log-reasoning-only-siggy.log.txt');
    const body = JSON.parse(log.slice(log.indexOf('{'))) as Parameters<typeof toResult>[0];
    expect(toResult(body, 'qwen3.8-27b')).toMatchObject({ truncated: true, finishReason: 'length', content: '', stats: { reasoningOutputTokens: 24, outputTokens: 24 } });
    const plain = readTrace('api-v1-chat-nonstream-server-log-gigasan.log.txt');
    const whole = toResult(JSON.parse(plain.slice(plain.indexOf('{'))) as Parameters<typeof toResult>[0], 'liquid/lfm2-1.2b');
    expect(whole).toMatchObject({ truncated: false, finishReason: 'stop', model: 'liquid/lfm2-1.2b@q8_0:2', modelMismatch: false });
  });
});

describe('truncation is decided by the output items', () => {
  const stats = { input_tokens: 5, total_output_tokens: 9, reasoning_output_tokens: 9 };
  it('reasoning and no message item: truncated; reasoning and an empty message item: the model ended it', () => {
    expect(toResult({ output: [{ type: 'reasoning', content: 'Hmm' }], stats }, 'm')).toMatchObject({ truncated: true, finishReason: 'length' });
    expect(toResult({ output: [{ type: 'reasoning', content: 'Hmm' }, { type: 'message', content: '' }], stats }, 'm')).toMatchObject({ truncated: false, finishReason: 'stop' });
    expect(toResult({ output: [], stats }, 'm')).toMatchObject({ truncated: false, content: '' });
  });
});
