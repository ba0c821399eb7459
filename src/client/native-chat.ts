// The native chat surface: LM Studio's own `POST /api/v1/chat` (0.4.0+), whole or streamed with model-load and
// prompt-processing progress.
import type { components } from '../../generated/lmstudio.js';
import type { NativeChatRequest, NativeChatResult } from '../domain/native.js';
import { Deadline } from '../http/deadline.js';
import { NativeChatStream } from '../stream/native-chat-stream.js';
import { nativeResult } from '../stream/native-result.js';
import { requireArray, type ClientCore } from './core.js';
import { guardSurface } from './guard.js';
import { openEventStream } from './open-event-stream.js';
import type { CallOptions } from './options.js';
import { prepareNativeRequest } from './prepare-native-request.js';

type WireResult = components['schemas']['NativeChatResponse'];

const PATH = '/api/v1/chat';

/** The native chat part of {@link LmStudioClient}: LM Studio's own `/api/v1/chat` (0.4.0+), whole or streamed. */
export interface NativeChatSurface {
  /**
   * One turn of LM Studio's native chat (`POST /api/v1/chat`, LM Studio 0.4.0+), answered whole. It runs MCP tools
   * itself through `integrations`, stores the turn (continue with `previous_response_id: result.responseId`), and
   * reports `stats` (tokens, speed, time to first token, model load time).
   *
   * Refused before sending with `bad-request` (use `chat()`, `/v1/chat/completions`): client-side `tools`, assistant
   * turns in `input`, structured output. Rejects with `model-not-found`, `endpoint-not-found` (LM Studio before
   * 0.4), `bad-request` with LM Studio's words (e.g. an MCP server it refuses), `timeout`, `aborted`, … A
   * reasoning-only answer resolves with `truncated: true` and `finishReason: 'length'`.
   *
   * @example
   * const result = await lm.nativeChat({ model: 'qwen/qwen3-4b', input: 'Hello', store: true });
   * console.log(result.content, result.stats.tokensPerSecond);
   */
  nativeChat(request: NativeChatRequest, options?: CallOptions): Promise<NativeChatResult>;
  /**
   * `nativeChat`, streamed: iterate for text, reasoning and tool-call events plus `{ type: 'model-load', progress }`
   * and `{ type: 'prompt-processing', progress }` (0 to 1), and/or await `result()`. Progress counts as life: the
   * first-token limit (`timeouts.firstTokenMs`) starts again at each progress event, so a model that is visibly
   * loading does not time out. Errors as `nativeChat`, plus `stream-error` and `stream-truncated` (with `partial`).
   *
   * @example
   * const stream = lm.streamNativeChat({ model: 'qwen/qwen3-4b', input: 'Hello' });
   * for await (const event of stream) {
   *   if (event.type === 'model-load') console.log(`loading ${Math.round(event.progress * 100)}%`);
   *   if (event.type === 'text') process.stdout.write(event.delta);
   * }
   */
  streamNativeChat(request: NativeChatRequest, options?: CallOptions): NativeChatStream;
}

export function createNativeChatSurface(core: ClientCore): NativeChatSurface {
  const { requests } = core;

  async function nativeChat(request: NativeChatRequest, call?: CallOptions): Promise<NativeChatResult> {
    const body = prepareNativeRequest(request, false);
    const ctx = core.context('POST', PATH, body.model);
    // The whole answer arrives after loading and generation: only the total limit applies.
    const response = await core.json(ctx, core.totalDeadline(call), false, requests.build('post', PATH, { body }));
    requireArray(response, 'output', `POST ${PATH}`);
    return nativeResult(response, body.model);
  }

  function streamNativeChat(request: NativeChatRequest, call?: CallOptions): NativeChatStream {
    const body = prepareNativeRequest(request, true);
    const t = core.limits(call);
    const ctx = core.context('POST', PATH, body.model);
    return new NativeChatStream({
      requestedModel: body.model,
      idleMs: t.idleMs,
      maxEventBytes: core.maxEventBytes,
      context: ctx,
      deadline: () => new Deadline(call?.signal, t.firstTokenMs, t.totalMs),
      open: (deadline) =>
        openEventStream(core, {
          ctx,
          deadline,
          send: requests.build('post', PATH, { body }),
          what: 'a streamed native chat',
          // A 200 that is not a stream: LM Studio's error bodies (unknown endpoint before 0.4), or a whole answer.
          whole: (parsed) => (Array.isArray((parsed as WireResult).output) ? parsed : undefined),
        }),
    });
  }

  return guardSurface({ nativeChat, streamNativeChat }, core.secrets);
}
