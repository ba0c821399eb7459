import type { ChatEvent } from '../domain/types.js';
import type { ChatStream } from '../stream/chat-stream.js';
import { readStructured, type JsonOutputOptions, type JsonResult } from './structured-output.js';

/** A streamed structured answer: iterate for the text as it arrives; `result()` gives the validated value. */
export class JsonChatStream<T> implements AsyncIterable<ChatEvent> {
  /** @internal Built by the client's `streamChatJson()`; users hold a `JsonChatStream`, they do not construct one. */
  constructor(
    private readonly stream: ChatStream,
    private readonly options: JsonOutputOptions<T>,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<ChatEvent> {
    return this.stream[Symbol.asyncIterator]();
  }

  async result(): Promise<JsonResult<T>> {
    const result = await this.stream.result();
    return { value: await readStructured(result, this.options), result };
  }
}
