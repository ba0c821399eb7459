import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLmStudioClient } from '../../src/index.js';
import { chunkedFetch, collect, loopback, type LoopbackServer } from './stream-harness.js';

const traces = fileURLToPath(new URL('../../../shared/lmstudio-traces/', import.meta.url));
const present = existsSync(traces);
if (!present) console.warn(`[skip] trace replay: ${traces} is absent; the own-fixture stream tests cover the same shapes.`);
const streams = present ? readdirSync(traces).filter((f) => f.endsWith('.sse')) : [];

/**
 * An independent, deliberately naive reading of a recorded stream: split on blank lines, parse every data
 * payload, concatenate. The client must agree with it on every recording.
 */
function oracle(text: string) {
  let content = '';
  let reasoning = '';
  let model = '';
  let finish: string | null = null;
  let usage: Record<string, number> | undefined;
  for (const block of text.split(/\r?\n\r?\n/)) {
    const line = block.trim();
    if (!line.startsWith('data:')) continue;
    const data = line.slice(5).trim();
    if (data === '[DONE]') break;
    const c = JSON.parse(data) as {
      model?: string;
      choices: { delta: { content?: string; reasoning_content?: string }; finish_reason: string | null }[];
      usage?: Record<string, number>;
    };
    model ||= c.model ?? '';
    for (const choice of c.choices) {
      content += choice.delta.content ?? '';
      reasoning += choice.delta.reasoning_content ?? '';
      finish ??= choice.finish_reason;
    }
    if (c.usage) usage = c.usage;
  }
  return { content, reasoning, model, finish, usage };
}

describe.skipIf(!present)('replaying recorded LM Studio streams byte-exact', () => {
  let server: LoopbackServer;
  let current = Buffer.alloc(0);
  beforeAll(async () => {
    server = await loopback((_q, res) => {
      // The recording's bytes, and the connection left open after them as LM Studio's keep-alive allows.
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-powered-by': 'Express', connection: 'keep-alive' });
      res.write(current);
    });
  });
  afterAll(() => server?.close());

  it('has recordings to replay', () => {
    expect(streams.length).toBeGreaterThan(0);
  });

  it.each(streams)('%s', async (file) => {
    current = readFileSync(`${traces}${file}`);
    const expected = oracle(current.toString('utf8'));
    const stream = createLmStudioClient({ baseUrl: server.url }).streamChat({
      model: expected.model,
      messages: [{ role: 'user', content: 'replay' }],
    });
    const texts: string[] = [];
    const thoughts: string[] = [];
    for await (const e of stream) {
      if (e.type === 'text') texts.push(e.delta);
      if (e.type === 'reasoning') thoughts.push(e.delta);
    }
    const result = await stream.result();
    const answer = expected.reasoning ? expected.content.trimStart() : expected.content;
    expect(result.content).toBe(answer);
    expect(texts.join('')).toBe(answer);
    expect(result.reasoning).toBe(expected.reasoning);
    expect(thoughts.join('')).toBe(expected.reasoning);
    expect(result.model).toBe(expected.model);
    expect(result.modelMismatch).toBe(false);
    expect(result.finishReason).toBe(expected.finish);
    expect(result.toolCalls).toEqual([]);
    expect(result.usage).toEqual(
      expected.usage && {
        promptTokens: expected.usage.prompt_tokens,
        completionTokens: expected.usage.completion_tokens,
        totalTokens: expected.usage.total_tokens,
        ...(expected.usage.completion_tokens_details ? { reasoningTokens: (expected.usage.completion_tokens_details as unknown as { reasoning_tokens: number }).reasoning_tokens } : {}),
      },
    );
  });

  it('knows the facts of the recordings, not only the oracle\'s reading', async () => {
    current = readFileSync(`${traces}chat-stream-plain-include-usage-ollmost.sse`);
    const plain = await createLmStudioClient({ baseUrl: server.url }).streamChat({ model: 'google/gemma-4-e4b', messages: [{ role: 'user', content: 'x' }] }).result();
    expect(plain).toMatchObject({ content: 'Hello there, how are you?', finishReason: 'stop', usage: { promptTokens: 22, completionTokens: 8, totalTokens: 30, reasoningTokens: 0 } });
    current = readFileSync(`${traces}chat-stream-reasoning-content-effort-low-ollmost.sse`);
    const reasoning = await createLmStudioClient({ baseUrl: server.url }).streamChat({ model: 'qwen/qwen3.8-27b', messages: [{ role: 'user', content: 'x' }] }).result();
    expect(reasoning.content).toBe('391');
    expect(reasoning.reasoning).toMatch(/^I need to calculate 17 × 23/);
    expect(reasoning.usage?.reasoningTokens).toBe(49);
  });

  it.each(streams)('%s gives the same result under any re-chunking (property)', async (file) => {
    const bytes = new Uint8Array(readFileSync(`${traces}${file}`));
    const reference = await collect({ fetch: chunkedFetch(bytes, []) }, 'm');
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 60 }), async (cuts) => {
        expect(await collect({ fetch: chunkedFetch(bytes, cuts) }, 'm')).toEqual(reference);
      }),
      { numRuns: 40 },
    );
  });
});

describe.skipIf(!present)('the recorded pre-0.3.18 stream without usage (payload lines only)', () => {
  it('reads it once the data: prefix is restored', async () => {
    const lines = readFileSync(`${traces}chat-stream-no-usage-payloads-issue676.txt`, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const body = new TextEncoder().encode(lines.map((l) => `data: ${l}\n\n`).join(''));
    const { result } = await collect({ fetch: chunkedFetch(body, []) }, 'gemma-2-2b-it-abliterated');
    expect(result).toMatchObject({ content: '\n', finishReason: 'stop', model: 'gemma-2-2b-it-abliterated' });
    expect(result.usage).toBeUndefined();
  });
});
