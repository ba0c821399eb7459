// Rendering an answer: load progress before it (when the server reports it), text on stdout, status on stderr.
import { describe, expect, it } from 'vitest';
import { renderStream, type AnswerStream, type ProgressEvent } from '../../src/cli/render.js';
import type { ChatEvent, ChatResult } from '../../src/domain/types.js';

function fakeStream(isTTY: boolean) {
  let text = '';
  const stream = { isTTY, write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

const RESULT: ChatResult = {
  id: 'x',
  model: 'm',
  requestedModel: 'm',
  modelMismatch: false,
  content: 'Hello!',
  reasoning: '',
  toolCalls: [],
  finishReason: 'stop',
  usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5 },
};

function answer(events: (ChatEvent | ProgressEvent)[], result: ChatResult & { stats?: { tokensPerSecond?: number } }): AnswerStream {
  return {
    async *[Symbol.asyncIterator]() {
      yield* events;
    },
    result: async () => result,
  };
}

describe('renderStream', () => {
  it('shows model-load progress before the answer, and the server\'s tokens/s', async () => {
    const out = fakeStream(false);
    const err = fakeStream(false);
    const events: (ChatEvent | ProgressEvent)[] = [
      ...[0, 0.1, 0.3, 0.55, 0.8, 1].map((progress): ProgressEvent => ({ type: 'model-load', progress })),
      { type: 'prompt-processing', progress: 1 },
      { type: 'text', delta: 'Hello' },
      { type: 'text', delta: '!' },
    ];
    const { result, timing } = await renderStream({ out: out.stream, err: err.stream }, answer(events, { ...RESULT, stats: { tokensPerSecond: 42.5 } }), 'm', { showReasoning: true, quiet: false });
    expect(out.text()).toBe('Hello!\n');
    const lines = err.text().trim().split('\n');
    expect(lines.filter((l) => l.startsWith('loading m'))).toEqual([
      'loading m  [░░░░░░░░░░░░░░░░░░░░░░░░] 0%',
      'loading m  [███████░░░░░░░░░░░░░░░░░] 30%',
      'loading m  [█████████████░░░░░░░░░░░] 55%',
      'loading m  [███████████████████░░░░░] 80%',
      'loading m  [████████████████████████] 100%',
    ]);
    expect(err.text()).toContain('processing the prompt');
    expect(lines.at(-1)).toMatch(/^3 prompt \+ 2 completion tokens · 42\.5 tokens\/s · first token after [\d.]+ s · m$/);
    expect(result.content).toBe('Hello!');
    expect(timing.serverTokensPerSecond).toBe(42.5);
  });

  it('on a terminal the bar is redrawn in place and cleared before the answer', async () => {
    const out = fakeStream(true);
    const err = fakeStream(true);
    const events: (ChatEvent | ProgressEvent)[] = [
      { type: 'model-load', progress: 0.5 },
      { type: 'model-load', progress: 1 },
      { type: 'text', delta: 'Hi' },
    ];
    await renderStream({ out: out.stream, err: err.stream }, answer(events, RESULT), 'm', { showReasoning: true, quiet: false });
    expect(err.text()).toContain('\r\x1b[2Kloading m  [████████████░░░░░░░░░░░░] 50%');
    expect(err.text()).not.toMatch(/loading m[^\r]*\n/);
    expect(out.text()).toBe('Hi\n');
  });

  it('says when the answer was cut off', async () => {
    const err = fakeStream(false);
    await renderStream({ out: fakeStream(false).stream, err: err.stream }, answer([{ type: 'text', delta: 'Hel' }], { ...RESULT, finishReason: 'length' }), 'm', {
      showReasoning: true,
      quiet: false,
      maxTokens: 1,
    });
    expect(err.text()).toContain('warning: the answer was cut off at --max-tokens 1; raise it for the rest.');
  });
});
