// One request/response pair of the emulator: abort propagation, sleeps and writes that stop when either side goes
// away, and the whole replies every route sends.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Emulator } from './server.js';
import type { RecordedRequest } from './types.js';
import type { ValidationFailure } from './validate.js';
import { expressEtag, objectErrorBody, stringErrorBody, type ErrorObject } from './wire.js';

/** A reply decided before any byte is sent. */
export interface Reply {
  status: number;
  body: string;
}

export const stringError = (status: number, message: string): Reply => ({ status, body: stringErrorBody(message) });
export const objectError = (status: number, error: ErrorObject): Reply => ({ status, body: objectErrorBody(error) });

export function failureReply(f: ValidationFailure): Reply {
  return f.kind === 'string' ? stringError(400, f.message) : objectError(400, f.error);
}

/** One request/response pair and everything that must stop when either side goes away. */
export class Exchange {
  aborted = false;
  /** The server itself destroyed the socket (a `reset` fault or `close()`): not a client close. */
  serverClosed = false;
  private readonly abortListeners = new Set<() => void>();

  constructor(
    readonly emu: Emulator,
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly record: RecordedRequest,
  ) {}

  /** Express's header, and CORS headers when the emulator has CORS on. */
  writeHeadersBase(): void {
    this.res.setHeader('X-Powered-By', 'Express');
    if (this.emu.options.cors) {
      this.res.setHeader('Access-Control-Allow-Origin', '*');
      this.res.setHeader('Access-Control-Allow-Headers', '*');
    }
  }

  /** Sends a complete JSON reply with Express's headers. */
  send(reply: Reply): void {
    if (this.aborted || this.res.headersSent) return;
    const res = this.res;
    this.writeHeadersBase();
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', String(Buffer.byteLength(reply.body)));
    res.setHeader('ETag', expressEtag(reply.body));
    res.statusCode = reply.status;
    this.record.status = reply.status;
    res.end(reply.body);
  }

  /** Starts an SSE reply (HTTP 200, headers flushed at once, as LM Studio does). */
  startEventStream(): void {
    const res = this.res;
    // A route that streamed progress before the answer (native chat's model load) has started already.
    if (res.headersSent) return;
    this.writeHeadersBase();
    res.setHeader('Content-Type', 'text/event-stream');
    res.setHeader('Cache-Control', 'no-cache');
    res.statusCode = 200;
    this.record.status = 200;
    res.flushHeaders();
  }

  onAbort(listener: () => void): () => void {
    if (this.aborted) {
      listener();
      return () => {};
    }
    this.abortListeners.add(listener);
    return () => this.abortListeners.delete(listener);
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    for (const l of [...this.abortListeners]) l();
    this.abortListeners.clear();
  }

  /** Resolves true after `ms`, or false as soon as the exchange is aborted. */
  sleep(ms: number): Promise<boolean> {
    if (this.aborted) return Promise.resolve(false);
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = this.emu.track(
        setTimeout(() => {
          this.emu.untrack(timer);
          off();
          resolve(true);
        }, ms),
      );
      const off = this.onAbort(() => {
        clearTimeout(timer);
        this.emu.untrack(timer);
        resolve(false);
      });
    });
  }

  /** Resolves when the exchange is aborted (client gone or server closing). */
  untilAborted(): Promise<void> {
    return new Promise((resolve) => {
      this.onAbort(resolve);
    });
  }

  /** Writes with backpressure; false once the exchange is aborted. */
  async write(chunk: string | Buffer): Promise<boolean> {
    if (this.aborted || this.res.destroyed) return false;
    if (this.res.write(chunk)) return true;
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        this.res.off('drain', onDrain);
        off();
        resolve(ok && !this.aborted);
      };
      const onDrain = () => done(true);
      this.res.on('drain', onDrain);
      const off = this.onAbort(() => done(false));
    });
  }

  destroySocket(): void {
    this.serverClosed = true;
    this.res.socket?.destroy();
    this.res.destroy();
  }

  /**
   * Drops the connection after what was written reached the wire (as when LM Studio's process dies mid-answer):
   * Node holds response writes until the next tick, so destroying at once would also drop the last events.
   */
  async resetAfterFlush(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const socket = this.res.socket;
    if (socket && !socket.destroyed && socket.writableLength > 0) {
      await new Promise<void>((resolve) => {
        socket.once('drain', resolve);
        socket.once('close', resolve);
      });
    }
    // A dying process's sockets close with FIN: what was sent still arrives, then the connection ends mid-body.
    // (A TCP RST would let the receiving kernel drop bytes not yet read, so "what arrived" would be a race.)
    this.destroySocket();
  }
}
