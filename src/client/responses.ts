// The Responses surface: `POST /v1/responses` (LM Studio 0.3.29+), whole or streamed, stateful through
// `previous_response_id`, and conversations built on it. LM Studio's known gaps are handled here (see
// prepare-response-request.ts and response-images.ts).
import { LmStudioError } from '../domain/errors.js';
import type { ResponseRequest, ResponseResult } from '../domain/responses.js';
import { extractServerError, tryParseJson, type RequestContext } from '../http/classify.js';
import { Deadline } from '../http/deadline.js';
import type { Answer } from '../http/request.js';
import { ResponseAccumulator } from '../stream/response-accumulator.js';
import { isResponseNotFound, responseNotFound } from '../stream/response-errors.js';
import { ResponseStream } from '../stream/response-stream.js';
import type { SseOpening } from '../stream/sse-stream.js';
import { Conversation, type ConversationOptions } from './conversation.js';
import type { ClientCore } from './core.js';
import { guardSurface } from './guard.js';
import { DEFAULT_MAX_IMAGE_BYTES } from './image-part.js';
import type { JsonSchema } from './json-schema-check.js';
import { openEventStream } from './open-event-stream.js';
import type { CallOptions } from './options.js';
import { prepareResponseRequest } from './prepare-response-request.js';
import { inlineImages, type ImageFetch } from './response-images.js';
import { readStructured } from './structured-output.js';

const PATH = '/v1/responses';

/** Per-call options of the Responses surface. */
export interface ResponseCallOptions extends CallOptions {
  /**
   * Fetches http(s) `input_image` URLs, which LM Studio cannot (default: the global fetch, without the client's
   * headers or API key). The fetch runs under the call's signal and limits.
   */
  fetchImage?: ImageFetch;
  /** Largest image fetched (default 20 MiB, and never above the client's `maxResponseBytes`). */
  maxImageBytes?: number;
}

/** The Responses part of {@link LmStudioClient}: `/v1/responses`, whole, streamed, as a conversation, or as a tool loop. */
export interface ResponsesSurface {
  /**
   * One response from `POST /v1/responses`, whole. Pass `previous_response_id` (a result's `id`) to continue a
   * conversation: LM Studio keeps the history, so only the new input is sent.
   *
   * Refuses before sending (`bad-request`): tool types other than `function`/`mcp`, an empty input. With
   * `text.format` `json_schema` the answer is parsed and validated here (LM Studio does not enforce the schema):
   * `result.structured` holds it with `serverEnforced: false`, or the call fails with `invalid-output`.
   * Other errors: `response-not-found` (unknown `previous_response_id`), and every code of `chat()`.
   *
   * @example
   * const first = await lm.respond({ model: 'openai/gpt-oss-20b', input: 'Pick a prime under 50' });
   * const next = await lm.respond({ model: 'openai/gpt-oss-20b', input: 'Double it', previous_response_id: first.id });
   */
  respond(request: ResponseRequest, options?: ResponseCallOptions): Promise<ResponseResult>;
  /**
   * `respond()`, streamed: iterate for events (`text`, `reasoning`, `tool-call-*`, `usage`, `finish`), and/or
   * await `result()`. First-token, idle and total limits apply; `break` or the signal closes the connection.
   *
   * @example
   * for await (const event of lm.streamResponse({ model, input: 'Hello' })) if (event.type === 'text') write(event.delta);
   */
  streamResponse(request: ResponseRequest, options?: ResponseCallOptions): ResponseStream;
  /**
   * A conversation that keeps the last response id, so each turn sends only its new input.
   *
   * @example
   * const chat = lm.conversation({ model: 'qwen/qwen3-8b', instructions: 'Be brief.' });
   * await chat.send('My name is Ada.');
   * const { content } = await chat.send('What is my name?');
   */
  conversation(options: ConversationOptions): Conversation;
}

/** Internal: a stream with a hook on its result (conversations and the tool loop keep the id). */
export type OpenResponseStream = (
  request: ResponseRequest,
  options: ResponseCallOptions | undefined,
  onResult?: (result: ResponseResult) => void,
) => ResponseStream;

export function createResponsesSurface(core: ClientCore): ResponsesSurface {
  const open = openResponseStream(core);

  async function respond(request: ResponseRequest, call?: ResponseCallOptions): Promise<ResponseResult> {
    const { body, schema } = prepareResponseRequest(request, false);
    const previous = body.previous_response_id;
    const ctx = core.context('POST', PATH, body.model);
    // The non-streamed answer arrives whole after generation: only the total limit applies (image fetches too).
    const deadline = core.totalDeadline(call);
    let input: typeof body.input;
    try {
      input = await inlineImages(body.input, imageOptions(core, call, deadline.signal));
    } catch (error) {
      deadline.dispose();
      throw deadline.error ?? error;
    }
    const send = core.requests.build('post', PATH, { body: input === body.input ? body : { ...body, input } });
    const answer = await core.json(ctx, deadline, false, async (baseUrl, signal) => notFoundFirst(await send(baseUrl, signal), ctx, previous));
    const acc = new ResponseAccumulator(body.model, undefined, ctx, previous);
    const error = acc.whole(answer);
    if (error) throw error;
    acc.finish();
    return schema ? structured(acc.result(), schema) : acc.result();
  }

  // Every method (and a conversation's turns) rejects only with a redacted LmStudioError.
  const safe = guardSurface({ respond, open }, core.secrets);
  return guardSurface<ResponsesSurface>(
    {
      respond: safe.respond,
      streamResponse: (request, call) => safe.open(request, call),
      conversation: (options) => new Conversation(safe.respond, safe.open, options),
    },
    core.secrets,
  );
}

/** The streamed call, shared by `streamResponse`, conversations and `runTools({ api: 'responses' })`. */
export function openResponseStream(core: ClientCore): OpenResponseStream {
  return (request, call, onResult) => {
    const { body, schema } = prepareResponseRequest(request, true);
    const previous = body.previous_response_id;
    const t = core.limits(call);
    const ctx = core.context('POST', PATH, body.model);
    return new ResponseStream({
      requestedModel: body.model,
      previousResponseId: previous,
      idleMs: t.idleMs,
      maxEventBytes: core.maxEventBytes,
      context: ctx,
      deadline: () => new Deadline(call?.signal, t.firstTokenMs, t.totalMs),
      finalize: schema ? (result) => structured(result, schema) : undefined,
      onResult,
      open: async (deadline): Promise<SseOpening> => {
        const input = await inlineImages(body.input, imageOptions(core, call, deadline.signal));
        const send = core.requests.build('post', PATH, { body: input === body.input ? body : { ...body, input } });
        return openEventStream(core, {
          ctx,
          deadline,
          send: async (baseUrl, signal) => notFoundFirst(await send(baseUrl, signal), ctx, previous),
          what: 'a streamed response',
          whole: (parsed) => ('output' in parsed ? parsed : undefined),
        });
      },
    });
  };
}

/** An error reply naming an unknown `previous_response_id` becomes `response-not-found`; others pass on. */
function notFoundFirst(answer: Answer, ctx: RequestContext, previous: string | undefined): Answer {
  if (answer.response.ok || answer.error === undefined) return answer;
  const server = extractServerError(typeof answer.error === 'string' ? tryParseJson(answer.error) : answer.error);
  if (server && isResponseNotFound(server)) throw responseNotFound(server, ctx, previous, answer.response.status);
  return answer;
}

function imageOptions(core: ClientCore, call: ResponseCallOptions | undefined, signal: AbortSignal) {
  return {
    fetchImage: call?.fetchImage,
    maxImageBytes: Math.min(call?.maxImageBytes ?? DEFAULT_MAX_IMAGE_BYTES, core.maxResponseBytes),
    signal,
  };
}

/** Validates a `json_schema` answer on the client, saying that the server did not enforce the schema. */
async function structured(result: ResponseResult, schema: JsonSchema): Promise<ResponseResult> {
  try {
    const value = await readStructured(result, { schema });
    return { ...result, structured: { value, serverEnforced: false } };
  } catch (error) {
    if (!(error instanceof LmStudioError) || error.code !== 'invalid-output') throw error;
    throw new LmStudioError('invalid-output', {
      message: error.message.replace(/\s*Try a model.*$/, ''),
      hint: 'LM Studio does not enforce text.format on /v1/responses, so this was checked by the client: use chatJson (which LM Studio does enforce), or retry.',
      partial: result,
      details: { ...error.details, serverEnforced: false },
    });
  }
}
