import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';

/** Default cap on one event's size: far above any real chunk, far below what would hurt. */
export const DEFAULT_MAX_EVENT_BYTES = 4 * 1024 * 1024;

const CR = 13;
const LF = 10;

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
  /** The last read ended with a CR that was fed as CRLF: an LF opening the next read belongs to it. */
  private endedWithCr = false;

  constructor(onEvent: (event: EventSourceMessage) => void, maxEventBytes: number = DEFAULT_MAX_EVENT_BYTES) {
    this.parser = createParser({
      // The parser's buffer cap only sees an event still incomplete at the end of a read; one that arrives whole
      // in a single read is measured here (one comparison per event).
      onEvent: (event) => {
        if (this.oversize) return;
        if (event.data.length > maxEventBytes) this.oversize = true;
        else onEvent(event);
      },
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
    let text = this.decoder.decode(bytes, { stream: true });
    if (text === '') return;
    if (this.endedWithCr && text.charCodeAt(0) === LF) text = text.slice(1);
    // A CR ending a read may be a whole line ending (CR-only framing) or half of a CRLF split across reads. Fed as
    // CRLF it ends the line now in both cases (a server that then goes quiet must not hold back its last event);
    // an LF opening the next read is then dropped.
    this.endedWithCr = text.charCodeAt(text.length - 1) === CR;
    if (this.endedWithCr) text += '\n';
    if (text !== '') this.parser.feed(text);
  }

  /** End of body: flush the decoder and dispatch a last event that lacked its blank line. */
  end(): void {
    if (this.oversize) return;
    const rest = this.decoder.decode();
    this.parser.feed(`${rest}\n\n`);
  }
}
