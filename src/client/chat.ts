// The chat surface: `POST /v1/chat/completions`, whole or streamed, and what is built on it (structured output,
// the tool loop).
import type { components } from '../../generated/lmstudio.js';
import type { ChatRequest, ChatResult } from '../domain/types.js';
import { Deadline } from '../http/deadline.js';
import { ChatAccumulator } from '../stream/chat-accumulator.js';
import { ChatStream, type StreamOpening } from '../stream/chat-stream.js';
import type { ClientCore } from './core.js';
import { guardSurface } from './guard.js';
import { JsonChatStream } from './json-chat-stream.js';
import { openEventStream } from './open-event-stream.js';
import type { CallOptions } from './options.js';
import { prepareChatRequest } from './prepare-chat-request.js';
import { responseToChunk } from './response-to-chunk.js';
import { openResponseStream } from './responses.js';
import { ToolRun, type RunToolsRequest } from './run-tools.js';
import { isResponsesRun, runToolsOverResponses, type ResponsesRunToolsRequest } from './run-tools-responses.js';
import { readStructured, withJsonSchema, type JsonOutputOptions, type JsonResult } from './structured-output.js';

type Schemas = components['schemas'];

/** The chat part of {@link LmStudioClient}: whole and streamed answers, structured output and the tool loop. */
export interface ChatSurface {
  /**
   * One whole chat answer (`POST /v1/chat/completions`, not streamed): content without reasoning, reasoning,
   * parsed tool calls (and calls written as text, recovered), usage, and the model that really answered. Not
   * retried once sent; bounded by `timeouts.totalMs` (default 10 min).
   *
   * @throws {@link LmStudioError} `bad-request` (no messages, or the server refused the request), `unsupported`
   *   (`response_format: json_object`, an object `tool_choice` naming one of several tools), `model-not-found`,
   *   `no-model-loaded`, `context-overflow`, `auth`, `unreachable`, `timeout` (phase `total`), `aborted`,
   *   `server-error`, `bad-response`.
   *
   * @example
   * ```ts
   * const answer = await lm.chat({ model: 'qwen/qwen3-4b-2507', messages: [{ role: 'user', content: 'Hi' }] });
   * console.log(answer.content, answer.usage?.totalTokens);
   * if (answer.modelMismatch) console.warn(`answered by ${answer.model}`);
   * ```
   */
  chat(request: ChatRequest, options?: CallOptions): Promise<ChatResult>;
  /**
   * A streamed chat answer. Returns at once; the request starts at the first `next()` or `result()`. Iterate for
   * {@link ChatEvent}s and/or await `result()` for the {@link ChatResult}. Leaving the loop early, the signal, and
   * every error close the connection. Limits: `timeouts.firstTokenMs` until the first event (covers a
   * just-in-time model load), `idleMs` between reads, `totalMs` for the whole stream.
   *
   * @throws {@link LmStudioError} from the iteration or `result()` (never from this call): what {@link ChatSurface.chat}
   *   raises, with `timeout` in phase `first-token`, `idle` or `total`, plus `stream-error` (an error event in the
   *   stream) and `stream-truncated` (the stream ended with no finish reason); `partial` holds what arrived.
   *
   * @example
   * ```ts
   * const stream = lm.streamChat({ model: 'qwen/qwen3-4b-2507', messages: [{ role: 'user', content: 'Why is the sky blue?' }] });
   * for await (const event of stream) if (event.type === 'text') process.stdout.write(event.delta);
   * const { content, usage, finishReason } = await stream.result();
   * ```
   */
  streamChat(request: ChatRequest, options?: CallOptions): ChatStream;
  /** A structured answer: sends `response_format` `json_schema` (strict), parses and validates the reply. */
  chatJson<T = unknown>(request: ChatRequest, options: JsonOutputOptions<T> & CallOptions): Promise<JsonResult<T>>;
  /** `chatJson`, streamed: iterate for the text, `result()` for the validated value. */
  streamChatJson<T = unknown>(request: ChatRequest, options: JsonOutputOptions<T> & CallOptions): JsonChatStream<T>;
  /**
   * A multi-round tool loop over `streamChat`: the model calls tools, they run locally (validated against
   * their schemas), results go back, until the model answers or `maxRounds` is reached. With `api: 'responses'`
   * the loop runs over `/v1/responses`, each round sending only the new tool outputs with `previous_response_id`.
   */
  runTools(request: RunToolsRequest | ResponsesRunToolsRequest): ToolRun;
}

export function createChatSurface(core: ClientCore): ChatSurface {
  const { requests } = core;

  const recoverable = (body: ChatRequest, call: CallOptions | undefined): ReadonlySet<string> | undefined => {
    if (!(call?.recoverToolCalls ?? core.recoverToolCalls) || !body.tools?.length || body.tool_choice === 'none') return undefined;
    return new Set(body.tools.map((tool) => tool.function.name));
  };

  async function chat(request: ChatRequest, call?: CallOptions): Promise<ChatResult> {
    const body = prepareChatRequest(request, false);
    const ctx = core.context('POST', '/v1/chat/completions', body.model);
    // The non-streamed answer arrives whole after generation: only the total limit applies.
    const response = await core.json(ctx, core.totalDeadline(call), false, requests.build('post', '/v1/chat/completions', { body }));
    const accumulator = new ChatAccumulator(body.model, undefined, recoverable(body, call));
    accumulator.push(responseToChunk(response, ctx));
    accumulator.finish();
    return accumulator.result();
  }

  function streamChat(request: ChatRequest, call?: CallOptions): ChatStream {
    const body = prepareChatRequest(request, true);
    const t = core.limits(call);
    const ctx = core.context('POST', '/v1/chat/completions', body.model);
    return new ChatStream({
      requestedModel: body.model,
      recoverTools: recoverable(body, call),
      idleMs: t.idleMs,
      maxEventBytes: core.maxEventBytes,
      context: ctx,
      deadline: () => new Deadline(call?.signal, t.firstTokenMs, t.totalMs),
      open: async (deadline): Promise<StreamOpening> => {
        const opening = await openEventStream(core, {
          ctx,
          deadline,
          send: requests.build('post', '/v1/chat/completions', { body }),
          what: 'a streamed chat',
          whole: (parsed, status) =>
            'choices' in parsed ? responseToChunk(parsed as Schemas['ChatCompletionResponse'], ctx, status) : undefined,
        });
        return 'whole' in opening ? { chunk: opening.whole } : opening;
      },
    });
  }

  async function chatJson<T = unknown>(request: ChatRequest, options: JsonOutputOptions<T> & CallOptions): Promise<JsonResult<T>> {
    const result = await chat(withJsonSchema(request, options), options);
    return { value: await readStructured(result, options), result };
  }

  function streamChatJson<T = unknown>(request: ChatRequest, options: JsonOutputOptions<T> & CallOptions): JsonChatStream<T> {
    return new JsonChatStream(streamChat(withJsonSchema(request, options), options), options);
  }

  function runTools(request: RunToolsRequest | ResponsesRunToolsRequest): ToolRun {
    if (isResponsesRun(request)) return runToolsOverResponses(openResponseStream(core), request);
    return new ToolRun((body, call) => streamChat(body, call), request);
  }

  return guardSurface({ chat, streamChat, chatJson, streamChatJson, runTools }, core.secrets);
}
