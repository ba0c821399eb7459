import { LmStudioError } from '../domain/errors.js';
import type { ResponseInputItem, ResponseRequest, ResponseResult } from '../domain/responses.js';
import type { ResponseStream } from '../stream/response-stream.js';
import type { OpenResponseStream, ResponseCallOptions } from './responses.js';

/** The fields every turn of a conversation sends (model, instructions, tools, sampling, …). */
export interface ConversationOptions extends Omit<ResponseRequest, 'input' | 'previous_response_id'> {
  /** Continue from this response instead of starting afresh. */
  previousResponseId?: string;
}

/** Per turn: call options, and request fields that override the conversation's for this turn only. */
export interface TurnOptions extends ResponseCallOptions {
  request?: Partial<Omit<ResponseRequest, 'input' | 'previous_response_id' | 'model'>>;
}

/**
 * A conversation over `/v1/responses`: LM Studio keeps the history under each response id, so a turn sends only
 * its new input with the last id as `previous_response_id`. The id moves on only when a turn succeeds; a failed
 * turn can be retried as it is. A `response-not-found` error means LM Studio lost the history (restart, model
 * reload): `reset()` and send the context again.
 */
export class Conversation {
  private lastId: string | undefined;

  /** @internal Built by the client's `conversation()`. */
  constructor(
    private readonly respondFn: (request: ResponseRequest, options?: ResponseCallOptions) => Promise<ResponseResult>,
    private readonly openStream: OpenResponseStream,
    private readonly options: ConversationOptions,
  ) {
    if (options?.store === false) {
      throw new LmStudioError('bad-request', { message: 'A conversation needs stored responses; store: false cannot be continued.' });
    }
    this.lastId = options?.previousResponseId;
  }

  /** The id the next turn continues from; `undefined` before the first turn. */
  get lastResponseId(): string | undefined {
    return this.lastId;
  }

  /** Sends one turn and waits for the whole answer. */
  async send(input: string | ResponseInputItem[], options?: TurnOptions): Promise<ResponseResult> {
    const result = await this.respondFn(this.request(input, options), options);
    this.lastId = result.id || this.lastId;
    return result;
  }

  /** Sends one turn, streamed; the conversation moves on when the stream completes. */
  stream(input: string | ResponseInputItem[], options?: TurnOptions): ResponseStream {
    return this.openStream(this.request(input, options), options, (result) => {
      this.lastId = result.id || this.lastId;
    });
  }

  /** Forgets the history (or continues from `previousResponseId`). */
  reset(previousResponseId?: string): void {
    this.lastId = previousResponseId;
  }

  private request(input: string | ResponseInputItem[], options: TurnOptions | undefined): ResponseRequest {
    const { previousResponseId: _start, ...fields } = this.options;
    const request: ResponseRequest = { ...fields, ...options?.request, input };
    if (this.lastId) request.previous_response_id = this.lastId;
    return request;
  }
}
