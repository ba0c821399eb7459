/**
 * The short-requests workload's answers, made once: a whole chat completion (what `chat()` reads) and a 14-event
 * stream of the same answer (role + 10 content deltas, a finish chunk, a usage chunk, `[DONE]`), in LM Studio's
 * chunk format. Shared by the server (which sends them) and the clients (which check what they got).
 */
export const MODEL = 'bench/short';
export const PIECES = ['The', ' quick', ' brown', ' fox', ' jumps', ' over', ' the', ' lazy', ' dog', ' today', '.'];
export const CONTENT = PIECES.join('');
/** SSE events on the wire for one streamed answer, `[DONE]` included. */
export const STREAM_EVENTS = PIECES.length + 3;

const base = { id: 'chatcmpl-short', created: 1_760_000_000, model: MODEL, system_fingerprint: MODEL };
const usage = { prompt_tokens: 12, completion_tokens: PIECES.length, total_tokens: 12 + PIECES.length };

export function wholeAnswer(): string {
  return JSON.stringify({
    ...base,
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content: CONTENT }, logprobs: null, finish_reason: 'stop' }],
    usage,
    stats: {},
  });
}

export function streamedAnswer(): string {
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): string =>
    `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices, ...extra })}\n\n`;
  const events = PIECES.map((piece, i) =>
    chunk([{ index: 0, delta: i === 0 ? { role: 'assistant', content: piece } : { content: piece }, logprobs: null, finish_reason: null }]),
  );
  events.push(chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]));
  events.push(chunk([], { usage }));
  events.push('data: [DONE]\n\n');
  return events.join('');
}

/** The request every client sends. */
export const MESSAGES = [{ role: 'user' as const, content: 'Say something short.' }];
