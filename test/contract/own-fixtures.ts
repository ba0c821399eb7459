/**
 * Own fixtures for the contract rules of the /api/v0 completions, the server-log prints of /v1 chat completions
 * and the pasted stream excerpts: written from the shapes SOURCES.md describes (never copied from the traces), so
 * that every validating rule is exercised even when ../shared is absent.
 */

const pretty = (value: unknown): string => JSON.stringify(value, null, 2);

const stats = { tokens_per_second: 42.5, time_to_first_token: 0.12, generation_time: 1.5, stop_reason: 'eosFound' };
const modelInfo = { arch: 'llama', quant: 'Q4_K_M', format: 'gguf', context_length: 8192 };
const runtime = { name: 'llama.cpp-linux-x86_64-avx2', version: '1.2.3', supported_formats: ['gguf'] };

export const chatV0 = {
  id: 'chatcmpl-own1',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'own-model',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello.', reasoning_content: '', tool_calls: [] }, logprobs: null, finish_reason: 'stop' }],
  usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7, total_draft_tokens_count: 4, accepted_draft_tokens_count: 3, rejected_draft_tokens_count: 1 },
  stats,
  model_info: modelInfo,
  runtime,
};

export const completionV0 = {
  id: 'cmpl-own1',
  object: 'text_completion',
  created: 1_700_000_000,
  model: 'own-model',
  choices: [{ index: 0, text: ' and so on', logprobs: null, finish_reason: 'length' }],
  usage: { prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 },
  stats: { ...stats, stop_reason: 'maxPredictedTokensReached' },
  model_info: modelInfo,
  runtime,
};

/** A /v1 chat completion whose `stats` holds only speculative-decoding counts (0.4.23+). */
export const chatDraftStats = {
  id: 'chatcmpl-own2',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'own-model',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok', reasoning_content: '', tool_calls: [] }, logprobs: null, finish_reason: 'stop' }],
  usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
  stats: { total_draft_tokens_count: 2, accepted_draft_tokens_count: 1, rejected_draft_tokens_count: 1 },
  system_fingerprint: 'own-model',
};

function serverLog(model: string, body: unknown): string {
  return [
    `[2026-01-01 00:00:00][INFO][${model}] Running chat completion on conversation with 1 messages.`,
    `[2026-01-01 00:00:01][INFO][${model}] Model generated tool calls: []`,
    `[2026-01-01 00:00:01][INFO][${model}] Generated prediction: ${pretty(body)}`,
    '',
  ].join('\n');
}

export const overflowMessage = 'Input does not fit in context length. The input has 120 tokens, but the context length only supports 100 tokens.';

/** A stream excerpt as a capture tool shows it: status line, headers, a UI label, then the SSE event. */
export const overflowExcerpt = [
  'HTTP/1.1 200 OK',
  'Content-Type: text/event-stream',
  'Raw',
  '',
  'event: error',
  `data: ${JSON.stringify({ error: { message: overflowMessage }, message: overflowMessage })}`,
  '',
  '',
].join('\n');

export const contractOwnFiles: Readonly<Record<string, string>> = {
  'api-v0-chat-completions-own.json': pretty(chatV0),
  'api-v0-completions-own.json': pretty(completionV0),
  'api-v0-chat-completions-server-log-own.log.txt': serverLog('own-model', chatV0),
  'chat-nonstream-draft-stats-server-log-own.log.txt': serverLog('own-model', chatDraftStats),
  'docs-example-api-v0-chat-completions-own.request.curl.txt': `curl http://localhost:1234/api/v0/chat/completions \\\n  -H "Content-Type: application/json" \\\n  -d '${JSON.stringify({ model: 'own-model', messages: [{ role: 'user', content: 'hi' }], max_tokens: -1, stream: false })}'\n`,
  'chat-stream-error-context-overflow-own.txt': overflowExcerpt,
  'server-log-startup-own.log.txt': '[2026-01-01 00:00:00][ERROR] Unexpected endpoint or method. (GET /api/ps). Returning 200 anyway\n',
};
