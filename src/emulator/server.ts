// The emulator's HTTP server: lifecycle, request plumbing (recording, CORS, auth, body parsing) and dispatch to the
// routes in routes/, which each serve one surface.
import { randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Catalogue, defaultModels } from './catalogue.js';
import { Exchange, stringError, objectError } from './exchange.js';
import type { FaultSpec } from './faults.js';
import { findRoute } from './routes/index.js';
import type { EmulatorHandle, EmulatorOptions, RecordedRequest } from './types.js';
import { AUTH_INVALID_MESSAGE, AUTH_REQUIRED_MESSAGE, stringErrorBody, unexpectedEndpointMessage, type ErrorObject } from './wire.js';

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export class Emulator {
  readonly server: Server;
  readonly catalogue: Catalogue;
  readonly requests: RecordedRequest[] = [];
  /** The server-wide fault selection (`options.fault`, `handle.setFault()`). */
  fault: FaultSpec | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly exchanges = new Set<Exchange>();
  private readonly globalSleeps = new Set<() => void>();
  private pendingClientCloses = 0;
  private readonly closeWaiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  private closing = false;
  private readonly nextRandom: () => number;

  constructor(readonly options: EmulatorOptions) {
    this.catalogue = new Catalogue(options.models ?? defaultModels(), options.jit ?? true);
    this.fault = options.fault;
    this.nextRandom = options.seed === undefined ? () => randomInt(0, 2 ** 32) / 2 ** 32 : mulberry32(options.seed);
    this.server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
      void this.handle(req, res).catch((err: unknown) => this.internalError(res, err));
    });
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('clientError', (_err, socket) => socket.destroy());
  }

  // -------------------------------------------------------------------------------------------------------------
  // Lifecycle

  async listen(): Promise<EmulatorHandle> {
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const urlHost = host.includes(':') ? `[${host}]` : host;
    return {
      url: `http://${urlHost}:${port}`,
      port,
      close: () => this.close(),
      requests: this.requests,
      openConnections: () => this.sockets.size,
      waitForClientClose: (timeoutMs?: number) => this.waitForClientClose(timeoutMs),
      setFault: (fault) => {
        this.fault = fault;
      },
      loadedInstances: () => this.catalogue.loadedInstances().map((i) => i.id),
    };
  }

  close(): Promise<void> {
    this.closing = true;
    for (const ex of [...this.exchanges]) {
      ex.serverClosed = true;
      ex.abort();
    }
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const wake of [...this.globalSleeps]) wake();
    for (const w of this.closeWaiters.splice(0)) w.reject(new Error('emulator closed'));
    const socketsClosed = [...this.sockets].map((s) => new Promise<void>((resolve) => s.once('close', () => resolve())));
    const serverClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    this.server.closeAllConnections();
    return Promise.all([serverClosed, ...socketsClosed]).then(() => undefined);
  }

  track(timer: NodeJS.Timeout): NodeJS.Timeout {
    this.timers.add(timer);
    return timer;
  }

  untrack(timer: NodeJS.Timeout): void {
    this.timers.delete(timer);
  }

  /** A server-wide delay (model loading) that no single request owns; cut short by `close()`. */
  globalSleep(ms: number): Promise<void> {
    if (ms <= 0 || this.closing) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.untrack(timer);
        this.globalSleeps.delete(wake);
        resolve();
      };
      const timer = this.track(setTimeout(wake, ms));
      this.globalSleeps.add(wake);
    });
  }

  private waitForClientClose(timeoutMs = 10_000): Promise<void> {
    if (this.pendingClientCloses > 0) {
      this.pendingClientCloses--;
      return Promise.resolve();
    }
    if (this.closing) return Promise.reject(new Error('emulator closed'));
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (e: Error) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        const at = this.closeWaiters.indexOf(waiter);
        if (at >= 0) this.closeWaiters.splice(at, 1);
        reject(new Error(`no client close within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      this.closeWaiters.push(waiter);
    });
  }

  private noteClientClose(): void {
    const waiter = this.closeWaiters.shift();
    if (waiter) waiter.resolve();
    else this.pendingClientCloses++;
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  newId(length = 21): string {
    let out = '';
    for (let i = 0; i < length; i++) out += ID_ALPHABET[Math.floor(this.nextRandom() * ID_ALPHABET.length)];
    return out;
  }

  created(): number {
    return Math.floor((this.options.now ?? Date.now)() / 1000);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Request plumbing

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = new URL(req.url ?? '/', 'http://emulator.invalid').pathname;
    const record: RecordedRequest = { method, path, headers: req.headers, body: undefined, closedEarly: false };
    // Kept for tests; a long-running emulator (the CLI's) keeps none, so its memory stays flat.
    if (this.options.recordRequests !== false) this.requests.push(record);
    const ex = new Exchange(this, req, res, record);
    this.exchanges.add(ex);
    const routeKey = normalise(path);
    const isChat = method === 'POST' && routeKey === '/v1/chat/completions';
    res.on('error', () => {});
    req.on('error', () => {});
    res.on('close', () => {
      this.exchanges.delete(ex);
      if (!res.writableFinished && !ex.serverClosed && !this.closing) {
        record.closedEarly = true;
        if (isChat) this.noteClientClose();
      }
      ex.abort();
      this.log(`${method} ${path} -> ${record.status ?? '-'}${record.closedEarly ? ' (closed by client)' : ''}`);
    });

    const raw = await readBody(req, ex);
    if (raw === undefined) return;
    let parsed: { ok: true; value: unknown } | { ok: false; message: string } | undefined;
    if (raw.length > 0) {
      try {
        parsed = { ok: true, value: JSON.parse(raw.toString('utf8')) };
        record.body = parsed.value;
      } catch (err) {
        parsed = { ok: false, message: err instanceof Error ? err.message : String(err) };
      }
    }

    // CORS (off by default, like LM Studio): with it on, preflights are answered before auth.
    if (method === 'OPTIONS') {
      if (this.options.cors) {
        ex.writeHeadersBase();
        res.setHeader('Access-Control-Allow-Methods', 'GET,HEAD,PUT,PATCH,POST,DELETE');
        res.setHeader('Content-Length', '0');
        record.status = 204;
        res.statusCode = 204;
        res.end();
        return;
      }
      return ex.send(stringError(200, unexpectedEndpointMessage(method, path)));
    }

    if (this.options.apiKey !== undefined) {
      const auth = req.headers.authorization;
      const match = auth ? /^Bearer\s+(.+)$/i.exec(auth.trim()) : null;
      if (!match || match[1] !== this.options.apiKey) {
        return ex.send(
          objectError(401, {
            type: 'invalid_request',
            code: 'invalid_api_key',
            message: match ? AUTH_INVALID_MESSAGE : AUTH_REQUIRED_MESSAGE,
          } as ErrorObject),
        );
      }
    }

    const found = findRoute(method, routeKey, path);
    if (!found) return ex.send(stringError(200, unexpectedEndpointMessage(method, path)));
    if (parsed && !parsed.ok) return ex.send(stringError(400, parsed.message));
    await found.route.handler(ex, found.rest);
  }

  private internalError(res: ServerResponse, err: unknown): void {
    this.log(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    const body = stringErrorBody(err instanceof Error ? err.message : String(err));
    res.statusCode = 500;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(body);
  }

}

function normalise(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return (trimmed === '' ? '/' : trimmed).toLowerCase();
}

/** Reads the whole request body; undefined when the exchange ended first. */
function readBody(req: IncomingMessage, ex: Exchange): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        ex.destroySocket();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(undefined));
    ex.onAbort(() => resolve(undefined));
  });
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Starts a deterministic LM Studio on `options.host`:`options.port` (default 127.0.0.1, a free port) and resolves
 * once it listens. It serves LM Studio's OpenAI-compatible `/v1`, `/api/v0` and `/api/v1` routes with the
 * `options.models` catalogue (default {@link defaultModels}), records every request in `handle.requests` (unless
 * `recordRequests: false`), and injects faults server-wide (`options.fault`, `handle.setFault()`), per request
 * ({@link FAULT_HEADER}) or per model id (`model@fault=name`). Always `close()` it: that destroys open sockets.
 *
 * @example
 * ```ts
 * const lm = await startEmulator({ seed: 1, apiKey: 'token', cors: true });
 * const client = createLmStudioClient({ baseUrl: lm.url, apiKey: 'token' });
 * await client.chat({ model: 'qwen/qwen3-4b-2507', messages: [{ role: 'user', content: 'Hi' }] });
 * console.log(lm.requests.map((r) => `${r.method} ${r.path} ${r.status}`));
 * await lm.close();
 * ```
 */
export function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  return new Emulator(options).listen();
}
