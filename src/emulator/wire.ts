// Pure serialisation: planned turns → LM Studio's exact bodies and event streams (key order, indentation, framing).
import { createHash } from 'node:crypto';
import { argumentPieces, type PlannedTurn } from './scripted-model.js';
import type { StreamEvent } from './faults.js';

/** Non-stream success bodies: 2-space pretty JSON, no trailing newline. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** LM Studio's string error: compact `{"error":"..."}`. */
export function stringErrorBody(message: string): string {
  return JSON.stringify({ error: message });
}

export interface ErrorObject {
  message: string;
  type?: string | null;
  param?: string | null;
  code?: string | null;
}

/** LM Studio's object error: `{"error":{message,type,param,code}}` with 4-space indentation. */
export function objectErrorBody(error: ErrorObject): string {
  return JSON.stringify({ error }, null, 4);
}

/** Express's weak ETag: `W/"<length hex>-<sha1 base64, 27 chars>"`. */
export function expressEtag(body: string | Buffer): string {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const hash = createHash('sha1').update(buf).digest('base64').slice(0, 27);
  return `W/"${buf.length.toString(16)}-${hash}"`;
}

export function sseData(json: string): string {
  return `data: ${json}\n\n`;
}

export const SSE_DONE = 'data: [DONE]\n\n';

/** Serialises one planned stream event to its wire text. */
export function formatEvent(event: StreamEvent): string {
  switch (event.kind) {
    case 'chunk':
      return sseData(JSON.stringify(event.data));
    case 'done':
      return SSE_DONE;
    case 'raw':
      return event.text;
  }
}

export interface CompletionMeta {
  id: string;
  created: number;
  /** The model that answers: `model` and `system_fingerprint`. */
  model: string;
}

function usageOf(turn: PlannedTurn): Record<string, unknown> {
  return {
    prompt_tokens: turn.promptTokens,
    completion_tokens: turn.completionTokens,
    total_tokens: turn.promptTokens + turn.completionTokens,
    completion_tokens_details: { reasoning_tokens: turn.reasoningTokens },
  };
}

/** `chat.completion` object (0.4.24 shape: `reasoning_content` and `tool_calls` always present). */
export function chatCompletionObject(turn: PlannedTurn, meta: CompletionMeta): Record<string, unknown> {
  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: turn.content.join(''),
          reasoning_content: turn.reasoning.join(''),
          tool_calls: turn.toolCalls.map((c) => ({
            type: 'function',
            id: c.id,
            function: { name: c.name, arguments: c.arguments },
          })),
        },
        logprobs: null,
        finish_reason: turn.finishReason,
      },
    ],
    usage: usageOf(turn),
    stats: {},
    system_fingerprint: meta.model,
  };
}

export function chatCompletionBody(turn: PlannedTurn, meta: CompletionMeta): string {
  return prettyJson(chatCompletionObject(turn, meta));
}

export interface StreamShapeOptions {
  includeUsage: boolean;
  /** `whole`: arguments in one continuation fragment (0.4.x); `token`: argument pieces one by one. */
  toolFragments: 'whole' | 'token';
}

/** The `chat.completion.chunk` events of a streamed turn, ending with `[DONE]`. */
export function chatCompletionEvents(turn: PlannedTurn, meta: CompletionMeta, opts: StreamShapeOptions): StreamEvent[] {
  const events: StreamEvent[] = [];
  // Every chunk has LM Studio's key order; only `choices` (and the usage chunk's `usage`) differ.
  const push = (choices: unknown[], usage?: unknown) =>
    events.push({
      kind: 'chunk',
      data: {
        id: meta.id,
        object: 'chat.completion.chunk',
        created: meta.created,
        model: meta.model,
        system_fingerprint: meta.model,
        choices,
        ...(usage === undefined ? {} : { usage }),
      },
    });
  let first = true;
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => {
    const d = first ? { role: 'assistant', ...delta } : delta;
    first = false;
    push([{ index: 0, delta: d, logprobs: null, finish_reason: finishReason }]);
  };
  for (const piece of turn.reasoning) chunk({ reasoning_content: piece });
  for (const piece of turn.content) chunk({ content: piece });
  turn.toolCalls.forEach((call, index) => {
    chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] });
    const pieces = opts.toolFragments === 'token' ? argumentPieces(call.arguments) : [call.arguments];
    for (const piece of pieces) {
      chunk({ tool_calls: [{ index, type: 'function', function: { arguments: piece } }] });
    }
  });
  // Text turns that ended naturally close with an empty content delta, like LM Studio 0.4.x.
  if (turn.toolCalls.length === 0 && turn.emptyFinalDelta) chunk({ content: '' });
  // The finish chunk's delta is `{}`, without the role even when nothing came before it.
  first = false;
  chunk({}, turn.finishReason);
  if (opts.includeUsage) push([], usageOf(turn));
  events.push({ kind: 'done' });
  return events;
}

// ---------------------------------------------------------------------------------------------------------------
// Raw completions (/v1/completions)

export function textCompletionObject(turn: PlannedTurn, meta: CompletionMeta): Record<string, unknown> {
  return {
    id: meta.id,
    object: 'text_completion',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, text: turn.content.join(''), logprobs: null, finish_reason: turn.finishReason }],
    usage: {
      prompt_tokens: turn.promptTokens,
      completion_tokens: turn.completionTokens,
      total_tokens: turn.promptTokens + turn.completionTokens,
    },
    stats: {},
    system_fingerprint: meta.model,
  };
}

export function textCompletionEvents(turn: PlannedTurn, meta: CompletionMeta): StreamEvent[] {
  const chunk = (text: string, finishReason: string | null): StreamEvent => ({
    kind: 'chunk',
    data: {
      id: meta.id,
      object: 'text_completion',
      created: meta.created,
      model: meta.model,
      system_fingerprint: meta.model,
      choices: [{ index: 0, text, logprobs: null, finish_reason: finishReason }],
    },
  });
  return [...turn.content.map((t) => chunk(t, null)), chunk('', turn.finishReason), { kind: 'done' }];
}

// ---------------------------------------------------------------------------------------------------------------
// Embeddings

export function embeddingObject(model: string, vectors: number[][], promptTokens: number): Record<string, unknown> {
  return {
    object: 'list',
    data: vectors.map((embedding, index) => ({ object: 'embedding', embedding, index })),
    model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Messages

export function contextOverflowMessage(nKeep: number, nCtx: number): string {
  return (
    `The number of tokens to keep from the initial prompt is greater than the context length ` +
    `(n_keep: ${nKeep}>= n_ctx: ${nCtx}). Try to load the model with a larger context length, or provide a shorter input.`
  );
}

export function unexpectedEndpointMessage(method: string, path: string): string {
  return `Unexpected endpoint or method. (${method} ${path})`;
}

export const AUTH_REQUIRED_MESSAGE =
  "An LM Studio API token is required to make requests to this server, but none was provided using the Authorization header using the 'Bearer' scheme (i.e., 'Authorization: Bearer $LM_API_TOKEN'). Learn more at: https://lmstudio.ai/docs/developer/core/authentication.";

export const AUTH_INVALID_MESSAGE =
  "An LM Studio API token is required to make requests to this server, but the token provided in the Authorization header is not valid. Learn more at: https://lmstudio.ai/docs/developer/core/authentication.";

export const NO_MODELS_LOADED_MESSAGE =
  "No models loaded. Please load a model in the developer page or use the 'lms load' command.";

export const MODEL_CRASHED_MESSAGE = 'The model has crashed without additional information. (Exit code: null)';
