import type { ResponseEvent, ResponseResult } from '../domain/responses.js';
import { ResponseAccumulator } from './response-accumulator.js';
import { SseStream, type SseStreamInit } from './sse-stream.js';

export interface ResponseStreamInit extends SseStreamInit {
  requestedModel: string;
  /** The `previous_response_id` sent, for the result and a `response-not-found` message. */
  previousResponseId?: string | undefined;
  /** Checks the finished result (structured output); may reject with `invalid-output`. */
  finalize?: ((result: ResponseResult) => Promise<ResponseResult>) | undefined;
  /** Called once with the finished result, whether or not anyone awaits `result()` (conversations keep the id). */
  onResult?: ((result: ResponseResult) => void) | undefined;
}

/**
 * A streamed response (`POST /v1/responses` with `stream: true`): iterate it for `ResponseEvent`s (the chat
 * vocabulary: `text`, `reasoning`, `tool-call-start` / `-delta` / `-end`, `usage`, `finish`), and/or await
 * `result()` for the `ResponseResult`. Same rules as `ChatStream`: the request starts at the first `next()` or
 * `result()`; first-token, idle and total limits; `break`, the caller's signal and every error close the
 * connection; `response.failed` and `error` events become typed errors with `partial`.
 */
export class ResponseStream extends SseStream<ResponseEvent, ResponseResult> {
  private readonly finalize: ResponseStreamInit['finalize'];

  /** @internal Built by the client's `streamResponse()`. */
  constructor(init: ResponseStreamInit) {
    super(init, (emit) => new ResponseAccumulator(init.requestedModel, emit, init.context, init.previousResponseId));
    this.finalize = init.finalize;
    if (init.onResult) {
      const onResult = init.onResult;
      this.settled.then(onResult, () => undefined);
    }
  }

  override result(): Promise<ResponseResult> {
    const settled = super.result();
    return this.finalize ? settled.then(this.finalize) : settled;
  }
}
