import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChatEvent } from '../../src/index.js';
import { chunk, reasoningStream, sse, textStream, toolStream, usage } from './sse-fixtures.js';
import { chunkedFetch, collect } from './stream-harness.js';

const enc = new TextEncoder();
const run = (text: string, cuts: number[] = []) => collect({ fetch: chunkedFetch(enc.encode(text), cuts) });

describe('streamChat: text, reasoning and usage', () => {
  it('emits one text event per non-empty delta, then finish and usage, and the same text in result()', async () => {
    const { events, result } = await run(sse(textStream(['Hello', ' there', ', friend'])));
    expect(events).toEqual([
      { type: 'text', delta: 'Hello' },
      { type: 'text', delta: ' there' },
      { type: 'text', delta: ', friend' },
      { type: 'finish', finishReason: 'stop' },
      { type: 'usage', usage: { promptTokens: 12, completionTokens: 5, totalTokens: 17, reasoningTokens: 2 } },
    ]);
    expect(result).toMatchObject({
      id: 'chatcmpl-fixture0000000000001',
      model: 'qwen/qwen3-4b',
      requestedModel: 'qwen/qwen3-4b',
      modelMismatch: false,
      content: 'Hello there, friend',
      reasoning: '',
      toolCalls: [],
      finishReason: 'stop',
      usage: { promptTokens: 12, completionTokens: 5, totalTokens: 17, reasoningTokens: 2 },
    });
  });

  it.each(['reasoning_content', 'reasoning'] as const)('turns delta.%s into reasoning events and trims the answer\'s leading blank lines', async (key) => {
    const { events, result } = await run(sse(reasoningStream(['Think', 'ing.'], ['\n\n', 'Answer', '.'], key)));
    expect(events.filter((e) => e.type === 'reasoning')).toEqual([
      { type: 'reasoning', delta: 'Think' },
      { type: 'reasoning', delta: 'ing.' },
    ]);
    expect(events.filter((e) => e.type === 'text').map((e) => (e as { delta: string }).delta)).toEqual(['Answer', '.']);
    expect(result.reasoning).toBe('Thinking.');
    expect(result.content).toBe('Answer.');
  });

  it('keeps leading whitespace of an answer that has no reasoning before it', async () => {
    const { result } = await run(sse(textStream(['\n', 'Hi'])));
    expect(result.content).toBe('\nHi');
  });

  it('separates inline <think> tags split across events, never leaking them into text', async () => {
    const pieces = ['<thi', 'nk>plan ', 'a <b> c', '</th', 'ink>', '\n\nDone <', 'x> ok'];
    const { events, result } = await run(sse(textStream(pieces)));
    expect(result.reasoning).toBe('plan a <b> c');
    expect(result.content).toBe('Done <x> ok');
    const text = events.filter((e) => e.type === 'text').map((e) => (e as { delta: string }).delta).join('');
    expect(text).toBe('Done <x> ok');
    expect(text).not.toContain('think');
  });

  it('releases a held "<" that turned out not to open a tag at the end of the content', async () => {
    const { result } = await run(sse(textStream(['a <', 'thin'])));
    expect(result.content).toBe('a <thin');
  });

  it('reads usage from the final choices: [] chunk and the answering model from the chunks', async () => {
    const { result } = await collect(
      { fetch: chunkedFetch(enc.encode(sse(textStream(['x'], { model: 'google/gemma-4-e4b' }))), []) },
      'some/other-model',
    );
    expect(result.model).toBe('google/gemma-4-e4b');
    expect(result.requestedModel).toBe('some/other-model');
    expect(result.modelMismatch).toBe(true);
    expect(result.usage?.totalTokens).toBe(usage.total_tokens);
  });

  it('does not call a quantization or instance suffix a mismatch', async () => {
    const { result } = await collect({ fetch: chunkedFetch(enc.encode(sse(textStream(['x'], { model: 'qwen/qwen3-4b' }))), []) }, 'qwen/qwen3-4b@q4_k_m');
    expect(result.modelMismatch).toBe(false);
  });
});

describe('streamChat: SSE framing', () => {
  const events = textStream(['Hé', 'llo 👋', ' 世界']);
  const expected = 'Héllo 👋 世界';

  it('accepts CRLF line ends', async () => {
    expect((await run(sse(events, { eol: '\r\n' }))).result.content).toBe(expected);
  });

  it('accepts data: without the space', async () => {
    expect((await run(sse(events, { space: false }))).result.content).toBe(expected);
  });

  it('ignores comments and joins multi-line data', async () => {
    const first = events[0] as string;
    const split = first.replace('"object":', '\ndata: "object":');
    const body = `: keep-alive\n\n${sse([split, ...events.slice(1)])}`;
    expect((await run(body)).result.content).toBe(expected);
  });

  it('keeps a last event that lacks its trailing blank line', async () => {
    const body = sse(events.slice(0, -1), { done: false }) + `data: ${events[events.length - 1]}`;
    const { result } = await run(body);
    expect(result.usage?.totalTokens).toBe(17);
  });

  it('gives the same events and result for any re-chunking of the bytes (property)', async () => {
    const body = enc.encode(
      sse([
        ...reasoningStream(['ré', 'sumé 🤔'], []).slice(0, 2),
        ...textStream(['<thi', 'nk>x</think>', 'Ünïcödé ', '👍🏽 done']).slice(0, -1),
        chunk({ choices: [], usage }),
      ]),
    );
    const reference = await collect({ fetch: chunkedFetch(body, []) });
    const oneByte = await collect({ fetch: chunkedFetch(body, Array.from({ length: body.length }, (_, i) => i)) });
    expect(oneByte).toEqual(reference);
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: body.length - 1 }), { maxLength: 40 }), async (cuts) => {
        const again = await collect({ fetch: chunkedFetch(body, cuts) });
        expect(again).toEqual(reference);
      }),
      { numRuns: 150 },
    );
  });

  it('separates think tags split at any position into any number of deltas (property)', async () => {
    const content = '<think>weigh options</think>\n\nFinal answer';
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: content.length - 1 }), { maxLength: 12 }), async (cuts) => {
        const points = [0, ...[...cuts].sort((a, b) => a - b), content.length];
        const pieces = points.slice(1).map((end, i) => content.slice(points[i], end));
        const { result, events } = await run(sse(textStream(pieces)));
        expect(result.reasoning).toBe('weigh options');
        expect(result.content).toBe('Final answer');
        expect(events.some((e) => e.type === 'text' && e.delta.includes('<'))).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});

describe('streamChat: tool calls', () => {
  const toolEvents = (events: ChatEvent[]) => events.filter((e) => e.type.startsWith('tool-call'));

  it('accumulates a call whose arguments arrive whole in one fragment (LM Studio 0.4)', async () => {
    const { events, result } = await run(sse(toolStream([{ index: 0, id: '146102770', name: 'get_weather', args: ['{"city":"Paris"}'] }])));
    expect(toolEvents(events)).toEqual([
      { type: 'tool-call-start', index: 0, id: '146102770', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":"Paris"}' },
      {
        type: 'tool-call-end',
        index: 0,
        toolCall: { id: '146102770', name: 'get_weather', arguments: '{"city":"Paris"}', input: { city: 'Paris' } },
      },
    ]);
    expect(result.finishReason).toBe('tool_calls');
    expect(result.content).toBe('');
    expect(result.toolCalls).toEqual([{ id: '146102770', name: 'get_weather', arguments: '{"city":"Paris"}', input: { city: 'Paris' } }]);
  });

  it('finalises only at the finish reason, never because partial arguments happen to parse', async () => {
    const { events } = await run(sse(toolStream([{ index: 0, id: '1', name: 'n', args: ['1', '2', '3'] }])));
    const kinds = events.map((e) => e.type);
    expect(kinds.indexOf('tool-call-end')).toBeGreaterThan(kinds.lastIndexOf('tool-call-delta'));
    expect(kinds[kinds.indexOf('tool-call-end') + 1]).toBe('finish');
  });

  it('keeps interleaved parallel calls apart by index, and never overwrites a name with ""', async () => {
    const calls = [
      { index: 0, id: '111111111', name: 'get_time', args: ['{"tz"', ':"Asia/', 'Tokyo"}'] },
      { index: 1, id: '222222222', name: 'get_weather', args: ['{"city":', '"Paris"', '}'] },
    ];
    const { result } = await run(sse(toolStream(calls, { interleave: true, emptyName: true })));
    expect(result.toolCalls).toEqual([
      { id: '111111111', name: 'get_time', arguments: '{"tz":"Asia/Tokyo"}', input: { tz: 'Asia/Tokyo' } },
      { id: '222222222', name: 'get_weather', arguments: '{"city":"Paris"}', input: { city: 'Paris' } },
    ]);
  });

  it('falls back to the id, then to the latest call, when fragments lack an index', async () => {
    const events = [
      chunk({ delta: { tool_calls: [{ id: 'a1', type: 'function', function: { name: 'first', arguments: '{"x":' } }] } }),
      chunk({ delta: { tool_calls: [{ id: 'b2', type: 'function', function: { name: 'second', arguments: '' } }] } }),
      chunk({ delta: { tool_calls: [{ id: 'a1', function: { arguments: '1}' } }] } }),
      chunk({ delta: { tool_calls: [{ function: { arguments: '{"y":2}' } }] } }),
      chunk({ delta: {}, finish: 'tool_calls' }),
    ];
    const { result } = await run(sse(events));
    expect(result.toolCalls.map((c) => [c.id, c.name, c.input])).toEqual([
      ['a1', 'first', { x: 1 }],
      ['b2', 'second', { y: 2 }],
    ]);
  });

  it('generates a stable, non-empty id when the server sends none', async () => {
    const body = sse(toolStream([{ index: 0, name: 'clock', args: ['{}'] }]));
    const a = await run(body);
    const b = await run(body, [17, 300]);
    expect(a.result.toolCalls[0]?.id).toMatch(/\S/);
    expect(a.result.toolCalls[0]?.id).toBe(b.result.toolCalls[0]?.id);
    expect(a.events.find((e) => e.type === 'tool-call-start')).toMatchObject({ id: a.result.toolCalls[0]?.id });
  });

  it('keeps unparseable arguments with an error, and reads empty arguments as {}', async () => {
    const { result } = await run(
      sse(
        toolStream([
          { index: 0, id: '1', name: 'broken', args: ['{"city": "Par'] },
          { index: 1, id: '2', name: 'empty', args: [] },
          { index: 2, id: '3', name: 'array', args: ['[1,2]'] },
        ]),
      ),
    );
    const [broken, empty, array] = result.toolCalls;
    expect(broken).toMatchObject({ name: 'broken', arguments: '{"city": "Par', input: undefined });
    expect(broken?.error).toMatch(/not valid JSON/);
    expect(empty).toEqual({ id: '2', name: 'empty', arguments: '', input: {} });
    expect(array).toMatchObject({ input: undefined, error: 'arguments are JSON but not an object' });
  });

  it('yields the same calls for any fragmentation of the arguments (property)', async () => {
    const argsArb = fc.dictionary(
      fc.string({ minLength: 1, maxLength: 6 }),
      fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 })),
      { maxKeys: 4 },
    );
    const split = (text: string, cuts: number[]): string[] => {
      const points = [0, ...[...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b), text.length];
      return points.slice(1).map((end, i) => text.slice(points[i], end)).filter((p) => p !== '');
    };
    await fc.assert(
      fc.asyncProperty(
        argsArb,
        argsArb,
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.boolean(),
        async (a, b, cutsA, cutsB, interleave) => {
          const textA = JSON.stringify(a);
          const textB = JSON.stringify(b);
          const { result } = await run(
            sse(
              toolStream(
                [
                  { index: 0, id: '100000001', name: 'alpha', args: split(textA, cutsA) },
                  { index: 1, id: '100000002', name: 'beta', args: split(textB, cutsB) },
                ],
                { interleave },
              ),
            ),
          );
          expect(result.toolCalls).toEqual([
            { id: '100000001', name: 'alpha', arguments: textA, input: a },
            { id: '100000002', name: 'beta', arguments: textB, input: b },
          ]);
        },
      ),
      { numRuns: 120 },
    );
  });
});
