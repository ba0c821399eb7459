// The emulator's HTTP server: routing, auth, CORS, validation, model resolution, JIT loading and fault timing.
import { randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Catalogue, defaultModels, isEmbedding, type Instance } from './catalogue.js';
import {
  FAULT_AFTER_EVENTS_HEADER,
  FAULT_DELAY_HEADER,
  FAULT_HEADER,
  FAULT_NAMES,
  errorEventText,
  resolveFaults,
  shapeBody,
  shapeStream,
  splitModelFaults,
  type ActiveFaults,
  type FaultSpec,
  type StreamEnding,
  type StreamEvent,
} from './faults.js';
import { embed, estimatePromptTokens, estimateTokens, planTurn, type PlannedTurn } from './scripted-model.js';
import type { EmulatedModel, EmulatorHandle, EmulatorOptions, RecordedRequest } from './types.js';
import { isObject, validateAgainst, validateChatRequest, type ValidationFailure } from './validate.js';
import {
  AUTH_INVALID_MESSAGE,
  AUTH_REQUIRED_MESSAGE,
  MODEL_CRASHED_MESSAGE,
  NO_MODELS_LOADED_MESSAGE,
  chatCompletionBody,
  chatCompletionEvents,
  contextOverflowMessage,
  embeddingObject,
  expressEtag,
  formatEvent,
  objectErrorBody,
  prettyJson,
  stringErrorBody,
  textCompletionEvents,
  textCompletionObject,
  unexpectedEndpointMessage,
  type ErrorObject,
} from './wire.js';

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** A reply decided before any byte is sent. */
interface Reply {
  status: number;
  body: string;
}

const stringError = (status: number, message: string): Reply => ({ status, body: stringErrorBody(message) });
const objectError = (status: number, error: ErrorObject): Reply => ({ status, body: objectErrorBody(error) });

function failureReply(f: ValidationFailure): Reply {
  return f.kind === 'string' ? stringError(400, f.message) : objectError(400, f.error);
}

/** One request/response pair and everything that must stop when either side goes away. */
class Exchange {
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

type Route = (ex: Exchange, rest: string) => Promise<void>;

export class Emulator {
  readonly server: Server;
  readonly catalogue: Catalogue;
  readonly requests: RecordedRequest[] = [];
  private fault: FaultSpec | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly exchanges = new Set<Exchange>();
  private readonly globalSleeps = new Set<() => void>();
  private pendingClientCloses = 0;
  private readonly closeWaiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  private closing = false;
  private readonly nextRandom: () => number;

  constructor(private readonly options: EmulatorOptions) {
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
  private globalSleep(ms: number): Promise<void> {
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

  private newId(length = 21): string {
    let out = '';
    for (let i = 0; i < length; i++) out += ID_ALPHABET[Math.floor(this.nextRandom() * ID_ALPHABET.length)];
    return out;
  }

  private created(): number {
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
        this.writeHeadersBase(res);
        res.setHeader('Access-Control-Allow-Methods', 'GET,HEAD,PUT,PATCH,POST,DELETE');
        res.setHeader('Content-Length', '0');
        record.status = 204;
        res.statusCode = 204;
        res.end();
        return;
      }
      return this.send(ex, stringError(200, unexpectedEndpointMessage(method, path)));
    }

    if (this.options.apiKey !== undefined) {
      const auth = req.headers.authorization;
      const match = auth ? /^Bearer\s+(.+)$/i.exec(auth.trim()) : null;
      if (!match || match[1] !== this.options.apiKey) {
        return this.send(
          ex,
          objectError(401, {
            type: 'invalid_request',
            code: 'invalid_api_key',
            message: match ? AUTH_INVALID_MESSAGE : AUTH_REQUIRED_MESSAGE,
          } as ErrorObject),
        );
      }
    }

    const route = this.route(method, routeKey, path);
    if (!route) return this.send(ex, stringError(200, unexpectedEndpointMessage(method, path)));
    if (parsed && !parsed.ok) return this.send(ex, stringError(400, parsed.message));
    await route.handler(ex, route.rest);
  }

  private route(method: string, key: string, path: string): { handler: Route; rest: string } | undefined {
    const get = method === 'GET' || method === 'HEAD';
    const post = method === 'POST';
    if (get && key === '/v1/models') return { handler: (ex) => this.listOpenAi(ex), rest: '' };
    if (post && key === '/v1/chat/completions') return { handler: (ex) => this.chat(ex), rest: '' };
    if (post && key === '/v1/completions') return { handler: (ex) => this.completions(ex), rest: '' };
    if (post && key === '/v1/embeddings') return { handler: (ex) => this.embeddings(ex), rest: '' };
    if (get && key === '/api/v0/models') return { handler: (ex) => this.listV0(ex), rest: '' };
    if (get && key.startsWith('/api/v0/models/')) {
      const rest = path.replace(/\/+$/, '').slice('/api/v0/models/'.length);
      return { handler: (ex, r) => this.getModelV0(ex, r), rest };
    }
    if (get && key === '/api/v1/models') return { handler: (ex) => this.listV1(ex), rest: '' };
    if (post && key === '/api/v1/models/load') return { handler: (ex) => this.load(ex), rest: '' };
    if (post && key === '/api/v1/models/unload') return { handler: (ex) => this.unload(ex), rest: '' };
    return undefined;
  }

  private writeHeadersBase(res: ServerResponse): void {
    res.setHeader('X-Powered-By', 'Express');
    if (this.options.cors) {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Allow-Headers', '*');
    }
  }

  /** Sends a complete JSON reply with Express's headers. */
  private send(ex: Exchange, reply: Reply): void {
    if (ex.aborted || ex.res.headersSent) return;
    const res = ex.res;
    this.writeHeadersBase(res);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', String(Buffer.byteLength(reply.body)));
    res.setHeader('ETag', expressEtag(reply.body));
    res.statusCode = reply.status;
    ex.record.status = reply.status;
    res.end(reply.body);
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

  // -------------------------------------------------------------------------------------------------------------
  // Model listings and management

  private async listOpenAi(ex: Exchange): Promise<void> {
    this.send(ex, { status: 200, body: prettyJson(this.catalogue.listOpenAi()) });
  }

  private async listV0(ex: Exchange): Promise<void> {
    this.send(ex, { status: 200, body: prettyJson(this.catalogue.listV0()) });
  }

  private async getModelV0(ex: Exchange, rest: string): Promise<void> {
    let id = rest;
    try {
      id = decodeURIComponent(rest);
    } catch {
      // keep it raw
    }
    const model = this.catalogue.findModel(id);
    if (!model) {
      return this.send(
        ex,
        objectError(404, { message: `Model "${id}" not found`, type: 'invalid_request_error', param: 'model', code: 'model_not_found' }),
      );
    }
    this.send(ex, { status: 200, body: prettyJson(this.catalogue.modelV0(model)) });
  }

  private async listV1(ex: Exchange): Promise<void> {
    this.send(ex, { status: 200, body: prettyJson(this.catalogue.listV1()) });
  }

  private async load(ex: Exchange): Promise<void> {
    const body = ex.record.body;
    const failure = validateAgainst('LoadModelRequest', body ?? {});
    if (failure) return this.send(ex, failureReply(failure));
    const req = body as Record<string, unknown>;
    const model = this.catalogue.findModel(String(req['model']));
    if (!model) {
      return this.send(
        ex,
        objectError(404, {
          message: `Model "${String(req['model'])}" not found. Please specify a valid downloaded model.`,
          type: 'invalid_request_error',
          param: 'model',
          code: 'model_not_found',
        }),
      );
    }
    const contextLength = typeof req['context_length'] === 'number' ? req['context_length'] : undefined;
    if (contextLength !== undefined && contextLength > model.maxContextLength) {
      return this.send(
        ex,
        stringError(400, `Requested context length ${contextLength} exceeds the maximum context length of ${model.id} (${model.maxContextLength}).`),
      );
    }
    if (!(await ex.sleep(this.options.jitLoadMs ?? 0))) return;
    const embedding = isEmbedding(model);
    const config: Record<string, unknown> = embedding
      ? {}
      : {
          eval_batch_size: req['eval_batch_size'] ?? 512,
          flash_attention: req['flash_attention'] ?? true,
          offload_kv_cache_to_gpu: req['offload_kv_cache_to_gpu'] ?? true,
          ...(req['num_experts'] !== undefined ? { num_experts: req['num_experts'] } : {}),
        };
    const instance = this.catalogue.addInstance(model, { jit: false, ttlSeconds: null, contextLength, config });
    const out: Record<string, unknown> = {
      type: embedding ? 'embedding' : 'llm',
      instance_id: instance.id,
      load_time_seconds: Number(((this.options.jitLoadMs ?? 0) / 1000 + model.sizeBytes / 2e9).toFixed(3)),
      status: 'loaded',
    };
    if (req['echo_load_config'] === true) out['load_config'] = { context_length: instance.contextLength, ...config };
    this.send(ex, { status: 200, body: prettyJson(out) });
  }

  private async unload(ex: Exchange): Promise<void> {
    const body = ex.record.body;
    const failure = validateAgainst('UnloadModelRequest', body ?? {});
    if (failure) return this.send(ex, failureReply(failure));
    const id = String((body as Record<string, unknown>)['instance_id']);
    const instance = this.catalogue.findInstance(id);
    if (!instance) {
      return this.send(
        ex,
        objectError(404, {
          message: `No loaded model instance found with identifier "${id}".`,
          type: 'invalid_request_error',
          param: 'instance_id',
          code: 'model_not_found',
        }),
      );
    }
    this.catalogue.removeInstance(instance.id);
    this.send(ex, { status: 200, body: prettyJson({ instance_id: instance.id }) });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Model resolution

  /**
   * LM Studio's rules: a loaded instance answers; a downloaded model loads just in time; an unknown id is served
   * by a loaded model (HTTP 200); with nothing loaded it is `model_not_found` (or "No models loaded").
   */
  private async resolveModel(
    ex: Exchange,
    requested: string,
    kind: 'llm' | 'embedding',
    ttlSeconds: number | undefined,
  ): Promise<{ instance: Instance } | { reply: Reply } | undefined> {
    const wrongKind = (id: string): Reply =>
      kind === 'llm'
        ? stringError(400, `Model "${id}" is an embedding model and cannot be used for chat or text completions.`)
        : stringError(400, `Model "${id}" is not an embedding model. Please use an embedding model for embeddings.`);
    const matchesKind = (m: EmulatedModel) => isEmbedding(m) === (kind === 'embedding');
    if (this.catalogue.models.length === 0) {
      return { reply: objectError(400, { message: NO_MODELS_LOADED_MESSAGE, type: 'invalid_request_error', param: 'model', code: null }) };
    }
    const instance = this.catalogue.findInstance(requested);
    if (instance) return matchesKind(instance.model) ? { instance } : { reply: wrongKind(instance.id) };
    const model = this.catalogue.findModel(requested);
    if (model && !matchesKind(model)) return { reply: wrongKind(model.id) };
    if (model && this.catalogue.jit) {
      const loading = this.catalogue.ensureLoaded(model, () => this.globalSleep(this.options.jitLoadMs ?? 0), ttlSeconds);
      const loaded = await Promise.race([loading, ex.untilAborted().then(() => undefined)]);
      if (!loaded || ex.aborted) return undefined;
      return { instance: loaded };
    }
    const fallback = this.catalogue.loadedInstances().find((i) => matchesKind(i.model));
    if (fallback) return { instance: fallback };
    if (!this.catalogue.jit) {
      return { reply: objectError(400, { message: NO_MODELS_LOADED_MESSAGE, type: 'invalid_request_error', param: 'model', code: null }) };
    }
    const examples = this.catalogue.models.filter(matchesKind).slice(0, 3).map((m) => m.id);
    return {
      reply: objectError(400, {
        message: `Invalid model identifier "${requested}". Please specify a valid downloaded model (e.g., ${examples.join(', ')}).`,
        type: 'invalid_request_error',
        param: 'model',
        code: 'model_not_found',
      }),
    };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Chat completions

  private activeFaults(ex: Exchange, modelSuffix: string[]): { ok: true; faults: ActiveFaults } | { ok: false; reply: Reply } {
    const resolved = resolveFaults({
      server: this.fault,
      header: ex.req.headers[FAULT_HEADER],
      delayHeader: ex.req.headers[FAULT_DELAY_HEADER],
      afterEventsHeader: ex.req.headers[FAULT_AFTER_EVENTS_HEADER],
      modelSuffix,
    });
    if (!resolved.ok) {
      return {
        ok: false,
        reply: stringError(400, `Unknown emulator fault(s): ${resolved.unknown.join(', ')}. Known faults: ${FAULT_NAMES.join(', ')}.`),
      };
    }
    return resolved;
  }

  private async chat(ex: Exchange): Promise<void> {
    const body = ex.record.body;
    const failure = validateChatRequest(body);
    if (failure) return this.send(ex, failureReply(failure));
    const req = body as Record<string, unknown>;
    const { model: requested, faults: suffixFaults } = splitModelFaults(String(req['model']));
    const active = this.activeFaults(ex, suffixFaults);
    if (!active.ok) return this.send(ex, active.reply);
    const faults = active.faults;
    const stream = req['stream'] === true;

    const resolved = await this.resolveModel(ex, requested, 'llm', numberField(req['ttl']));
    if (!resolved) return;
    if ('reply' in resolved) return this.send(ex, resolved.reply);
    const instance = resolved.instance;

    const messages = req['messages'] as unknown[];
    const tools = Array.isArray(req['tools']) ? (req['tools'] as unknown[]) : undefined;
    const promptTokens = estimatePromptTokens({ messages, tools });
    if (await this.overflowed(ex, stream, promptTokens, instance.contextLength)) return;

    if (!(await this.preFirstByteFaults(ex, faults))) return;

    const turn = planTurn(
      {
        messages,
        tools,
        tool_choice: req['tool_choice'],
        response_format: req['response_format'],
        max_tokens: req['max_tokens'],
        stop: req['stop'],
        reasoning_effort: req['reasoning_effort'],
      },
      {
        behaviour: instance.model.behaviour ?? 'normal',
        toolUse: instance.model.toolUse,
        vision: instance.model.vision,
        toolQuirk: instance.model.toolQuirk,
      },
    );
    const meta = { id: `chatcmpl-${this.newId()}`, created: this.created(), model: this.answeringModel(instance, faults) };

    if (!stream) {
      if (faults.names.has('error-event')) {
        return this.send(ex, stringError(400, contextOverflowMessage(instance.contextLength + 1, instance.contextLength)));
      }
      if (faults.names.has('oversize-event')) {
        turn.content = [turn.content.join('') + 'x'.repeat(faults.oversizeBytes)];
      }
      return this.deliverBody(ex, chatCompletionBody(turn, meta), faults);
    }

    const streamOptions = req['stream_options'];
    const events = chatCompletionEvents(turn, meta, {
      includeUsage: isObject(streamOptions) && streamOptions['include_usage'] === true,
      toolFragments: faults.names.has('tool-call-tokens')
        ? 'token'
        : faults.names.has('tool-call-whole')
          ? 'whole'
          : (this.options.toolCallFragments ?? 'whole'),
    });
    const shaped = shapeStream(events, faults, contextOverflowMessage(instance.contextLength + 1, instance.contextLength));
    await this.deliverStream(ex, shaped.events, shaped.ending, shaped.drip, faults);
  }

  private answeringModel(instance: Instance, faults: ActiveFaults): string {
    if (!faults.names.has('model-mismatch')) return instance.id;
    const other = this.catalogue.models.find((m) => !isEmbedding(m) && m !== instance.model);
    return other ? other.id : `${instance.id}-other`;
  }

  /** `http-500`, `jit-delay`, `stall-before-first-byte`. False when the exchange is over. */
  private async preFirstByteFaults(ex: Exchange, faults: ActiveFaults): Promise<boolean> {
    if (faults.names.has('http-500')) {
      this.send(ex, stringError(500, MODEL_CRASHED_MESSAGE));
      return false;
    }
    if (faults.names.has('jit-delay') && !(await ex.sleep(faults.delayMs))) return false;
    if (faults.names.has('stall-before-first-byte')) {
      await ex.untilAborted();
      return false;
    }
    return !ex.aborted;
  }

  private startEventStream(ex: Exchange): void {
    const res = ex.res;
    this.writeHeadersBase(res);
    res.setHeader('Content-Type', 'text/event-stream');
    res.setHeader('Cache-Control', 'no-cache');
    res.statusCode = 200;
    ex.record.status = 200;
    res.flushHeaders();
  }

  private async deliverStream(
    ex: Exchange,
    events: StreamEvent[],
    ending: StreamEnding,
    drip: boolean,
    faults: ActiveFaults,
  ): Promise<void> {
    if (ex.aborted) return;
    this.startEventStream(ex);
    const tokenDelay = this.options.tokenDelayMs ?? 0;
    for (const [i, event] of events.entries()) {
      if (i > 0 && tokenDelay > 0 && !(await ex.sleep(tokenDelay))) return;
      const text = formatEvent(event);
      if (drip) {
        if (!(await this.drip(ex, Buffer.from(text, 'utf8'), faults.dripDelayMs))) return;
      } else if (!(await ex.write(text))) return;
    }
    await this.finish(ex, ending);
  }

  private async deliverBody(ex: Exchange, body: string, faults: ActiveFaults): Promise<void> {
    if (ex.aborted) return;
    const shaped = shapeBody(body, faults);
    const plain = !shaped.drip && shaped.ending.kind === 'end' && shaped.declaredLength === Buffer.byteLength(shaped.body);
    if (plain) return this.send(ex, { status: 200, body: shaped.body });
    const res = ex.res;
    this.writeHeadersBase(res);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    if (shaped.declaredLength !== undefined) res.setHeader('Content-Length', String(shaped.declaredLength));
    res.statusCode = 200;
    ex.record.status = 200;
    res.flushHeaders();
    if (shaped.drip) {
      if (!(await this.drip(ex, Buffer.from(shaped.body, 'utf8'), faults.dripDelayMs))) return;
    } else if (!(await ex.write(shaped.body))) return;
    await this.finish(ex, shaped.ending);
  }

  private async drip(ex: Exchange, bytes: Buffer, delayMs: number): Promise<boolean> {
    for (let b = 0; b < bytes.length; b++) {
      if (!(await ex.write(bytes.subarray(b, b + 1)))) return false;
      if (delayMs > 0) {
        if (!(await ex.sleep(delayMs))) return false;
      } else {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (ex.aborted) return false;
      }
    }
    return true;
  }

  /**
   * A prompt that does not fit the loaded context: LM Studio's 400 string error, or, streamed, HTTP 200 and an
   * `event: error` with no `[DONE]` (0.4.21). Returns true when it answered.
   */
  private async overflowed(ex: Exchange, stream: boolean, promptTokens: number, contextLength: number): Promise<boolean> {
    if (promptTokens < contextLength) return false;
    const message = contextOverflowMessage(promptTokens, contextLength);
    if (!stream) {
      this.send(ex, stringError(400, message));
      return true;
    }
    this.startEventStream(ex);
    if (await ex.write(errorEventText(message))) ex.res.end();
    return true;
  }

  private async finish(ex: Exchange, ending: StreamEnding): Promise<void> {
    if (ex.aborted) return;
    switch (ending.kind) {
      case 'end':
        ex.res.end();
        return;
      case 'stall':
        await ex.untilAborted();
        return;
      case 'reset':
        await ex.resetAfterFlush();
        return;
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Text completions and embeddings

  private async completions(ex: Exchange): Promise<void> {
    const body = ex.record.body;
    const failure = validateAgainst('CompletionRequest', body ?? {});
    if (failure) return this.send(ex, failureReply(failure));
    const req = body as Record<string, unknown>;
    const resolved = await this.resolveModel(ex, String(req['model']), 'llm', numberField(req['ttl']));
    if (!resolved) return;
    if ('reply' in resolved) return this.send(ex, resolved.reply);
    const instance = resolved.instance;
    const prompt = Array.isArray(req['prompt']) ? (req['prompt'] as string[]).join('\n') : String(req['prompt']);
    const messages = [{ role: 'user', content: prompt }];
    const stream = req['stream'] === true;
    const promptTokens = estimatePromptTokens({ messages });
    if (await this.overflowed(ex, stream, promptTokens, instance.contextLength)) return;
    const turn: PlannedTurn = planTurn(
      { messages, max_tokens: req['max_tokens'], stop: req['stop'] },
      { behaviour: 'normal', toolUse: false, vision: false },
    );
    const meta = { id: `cmpl-${this.newId()}`, created: this.created(), model: instance.id };
    if (!stream) return this.send(ex, { status: 200, body: prettyJson(textCompletionObject(turn, meta)) });
    await this.deliverStream(ex, textCompletionEvents(turn, meta), { kind: 'end' }, false, {
      names: new Set(),
      delayMs: 0,
      afterEvents: 0,
      oversizeBytes: 0,
      dripDelayMs: 0,
    });
  }

  private async embeddings(ex: Exchange): Promise<void> {
    const body = ex.record.body;
    const failure = validateAgainst('EmbeddingRequest', body ?? {});
    if (failure) return this.send(ex, failureReply(failure));
    const req = body as Record<string, unknown>;
    const resolved = await this.resolveModel(ex, String(req['model']), 'embedding', undefined);
    if (!resolved) return;
    if ('reply' in resolved) return this.send(ex, resolved.reply);
    const instance = resolved.instance;
    const inputs = Array.isArray(req['input']) ? (req['input'] as string[]) : [String(req['input'])];
    const dims = instance.model.embeddingDimensions ?? 8;
    const vectors = inputs.map((text) => embed(text, dims));
    const tokens = inputs.reduce((n, t) => n + estimateTokens(t.length), 0);
    this.send(ex, { status: 200, body: prettyJson(embeddingObject(instance.id, vectors, tokens)) });
  }
}

function normalise(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return (trimmed === '' ? '/' : trimmed).toLowerCase();
}

function numberField(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
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

/** Starts an emulator listening on `options.host`:`options.port` (default 127.0.0.1, ephemeral port). */
export function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  return new Emulator(options).listen();
}
