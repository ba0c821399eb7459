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

  /** The chat events of the underlying stream (the JSON text arrives as `text` deltas). */
  [Symbol.asyncIterator](): AsyncIterator<ChatEvent> {
    return this.stream[Symbol.asyncIterator]();
  }

  /** The parsed, validated value and the whole chat result; reads the stream to its end when nobody iterates. Rejects with `invalid-output` when the answer does not parse or validate, or with what the stream raised. */
  async result(): Promise<JsonResult<T>> {
    const result = await this.stream.result();
    return { value: await readStructured(result, this.options), result };
  }
}
