import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';

/** Default cap on one event's size: far above any real chunk, far below what would hurt. */
export const DEFAULT_MAX_EVENT_BYTES = 4 * 1024 * 1024;

/**
 * Bytes in, SSE events out: incremental UTF-8 decoding (sequences split across reads survive) feeding one
 * eventsource-parser, which applies the framing rules (CRLF/LF/CR, `data:` with or without the space,
 * comments, multi-line data). One parser per body, fed straight from the reader: no stream queue per event.
 */
export class SseDecoder {
  private readonly decoder = new TextDecoder();
  private readonly parser: EventSourceParser;
  /** Set when one event outgrew the cap; the parser stops and the caller reports it. */
  oversize = false;

  constructor(onEvent: (event: EventSourceMessage) => void, maxEventBytes: number = DEFAULT_MAX_EVENT_BYTES) {
    this.parser = createParser({
      onEvent,
      onError: (error) => {
        if (error.type === 'max-buffer-size-exceeded') this.oversize = true;
        // Unknown fields and bad `retry` values are ignored, as the SSE rules say.
      },
      // Characters, not bytes: a UTF-16 code unit per character is the conservative reading of the cap.
      maxBufferSize: maxEventBytes,
    });
  }

  feed(bytes: Uint8Array): void {
    if (this.oversize) return;
    const text = this.decoder.decode(bytes, { stream: true });
    if (text !== '') this.parser.feed(text);
  }

  /** End of body: flush the decoder and dispatch a last event that lacked its blank line. */
  end(): void {
    if (this.oversize) return;
    const rest = this.decoder.decode();
    this.parser.feed(`${rest}\n\n`);
  }
}
