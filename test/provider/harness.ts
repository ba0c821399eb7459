// Test kit for the provider: loopback LM Studio servers (closed after each test), SSE and model-list builders,
// the real traces (optional), and a fake OpenOrbit host with the host's semantics.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, expect } from 'vitest';
import type { AIProvider, AIToolCall, AIToolRequest, AIToolResponse, Logger } from '../../src/openorbit/index.js';
import { LmStudioProvider, type LmStudioProviderOptions, type UsageRow } from '../../src/provider/index.js';

// ---------------------------------------------------------------------------------------------------------------
// Loopback LM Studio

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** Parsed JSON body, when it is JSON. */
  json: any;
}

export type Handler = (req: SeenRequest, res: ServerResponse, raw: IncomingMessage) => void | Promise<void>;

export interface FakeLmStudio {
  url: string;
  port: number;
  requests: SeenRequest[];
  /** Requests to one path (`/v1/chat/completions`, `/api/v1/models`, …). */
  to(path: string): SeenRequest[];
  /** Replaces a route (`'POST /v1/chat/completions'`, `'GET /api/v1/models'`). */
  route(key: string, handler: Handler): void;
  /** Resolves when a client connection closes. */
  nextClose(): Promise<void>;
  openSockets(): number;
  close(): Promise<void>;
}

const servers: FakeLmStudio[] = [];
const providers: LmStudioProvider[] = [];

/** Closes every server and disposes every provider made through this kit after each test. */
export function useCleanup(): void {
  afterEach(async () => {
    for (const p of providers.splice(0)) p.dispose();
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
}

/** LM Studio's reply to any path it does not serve: HTTP 200 with an error body. */
export function unexpectedEndpoint(req: SeenRequest, res: ServerResponse): void {
  json(res, 200, { error: `Unexpected endpoint or method. (${req.method} ${req.url})` });
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startLmStudio(routes: Record<string, Handler> = {}, port = 0): Promise<FakeLmStudio> {
  const table = new Map<string, Handler>(Object.entries(routes));
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const closeWaiters: (() => void)[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let parsed: unknown;
      try {
        parsed = body ? JSON.parse(body) : undefined;
      } catch {
        parsed = undefined;
      }
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const seen: SeenRequest = { method: req.method ?? '', url: path, headers: req.headers, body, json: parsed };
      requests.push(seen);
      const handler = table.get(`${seen.method} ${path}`) ?? unexpectedEndpoint;
      Promise.resolve(handler(seen, res, req)).catch((error: unknown) => {
        if (!res.headersSent) json(res, 500, { error: String(error) });
        else res.destroy();
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      closeWaiters.splice(0).forEach((w) => w());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  const handle: FakeLmStudio = {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    requests,
    to: (path) => requests.filter((r) => r.url === path),
    route: (key, handler) => void table.set(key, handler),
    nextClose: () => new Promise<void>((resolve) => closeWaiters.push(resolve)),
    openSockets: () => sockets.size,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  servers.push(handle);
  return handle;
}

/** A port nothing listens on (bound, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// ---------------------------------------------------------------------------------------------------------------
// Model lists (LM Studio 0.4.x `/api/v1/models` and the OpenAI-compatible `/v1/models`)

export interface ModelSpec {
  key: string;
  type?: 'llm' | 'embedding';
  sizeBytes?: number;
  loaded?: boolean;
  toolUse?: boolean;
  vision?: boolean;
}

export function apiV1Models(specs: ModelSpec[]): unknown {
  return {
    models: specs.map((s) => {
      const type = s.type ?? 'llm';
      const out: Record<string, unknown> = {
        type,
        publisher: s.key.split('/')[0],
        key: s.key,
        display_name: s.key,
        size_bytes: s.sizeBytes ?? 1_000_000_000,
        loaded_instances: s.loaded ? [{ id: s.key, config: { context_length: 8192, parallel: 4 } }] : [],
        max_context_length: 131072,
        format: 'gguf',
      };
      if (type === 'llm') out.capabilities = { vision: s.vision ?? false, trained_for_tool_use: s.toolUse ?? true };
      return out;
    }),
  };
}

export function openAiModels(ids: string[]): unknown {
  return { data: ids.map((id) => ({ id, object: 'model', owned_by: 'organization_owner' })), object: 'list' };
}

/** Routes serving `/api/v1/models` (LM Studio 0.4.x). */
export function modelsRoute(specs: ModelSpec[] | (() => ModelSpec[])): Record<string, Handler> {
  return { 'GET /api/v1/models': (_req, res) => json(res, 200, apiV1Models(typeof specs === 'function' ? specs() : specs)) };
}

export const GEMMA = 'google/gemma-4-e4b';
export const QWEN = 'qwen/qwen3.8-27b';
export const SMALL = 'liquid/lfm2-1.2b';
export const EMBED = 'text-embedding-nomic-embed-text-v1.5';

/** An embedding model first (upstream defect 2), then two chat models, one loaded. */
export const TYPICAL: ModelSpec[] = [
  { key: EMBED, type: 'embedding', sizeBytes: 84_106_624 },
  { key: QWEN, sizeBytes: 16_081_678_492 },
  { key: GEMMA, sizeBytes: 6_861_915_950, loaded: true },
];

// ---------------------------------------------------------------------------------------------------------------
// Chat bodies

let seq = 0;

export interface DeltaSpec {
  content?: string;
  reasoning?: string;
  toolCalls?: unknown[];
  finish?: string;
  usage?: { prompt_tokens: number; completion_tokens: number };
}

/** One streamed chunk as LM Studio 0.4.x writes it. */
export function chunk(spec: DeltaSpec, model = GEMMA, id = `chatcmpl-test${seq}`): Record<string, unknown> {
  const delta: Record<string, unknown> = {};
  if (spec.content !== undefined) delta.content = spec.content;
  if (spec.reasoning !== undefined) delta.reasoning_content = spec.reasoning;
  if (spec.toolCalls !== undefined) delta.tool_calls = spec.toolCalls;
  const out: Record<string, unknown> = {
    id,
    object: 'chat.completion.chunk',
    created: 1790614494,
    model,
    system_fingerprint: model,
    // The usage chunk (include_usage) carries no choice at all.
    choices: spec.usage && spec.finish === undefined && Object.keys(delta).length === 0 ? [] : [{ index: 0, delta, logprobs: null, finish_reason: spec.finish ?? null }],
  };
  if (spec.usage) out.usage = { ...spec.usage, total_tokens: spec.usage.prompt_tokens + spec.usage.completion_tokens };
  return out;
}

/** A whole event stream: `data: <json>\n\n` per chunk, then `data: [DONE]`. */
export function sse(chunks: unknown[], options: { done?: boolean } = {}): string {
  const lines = chunks.map((c) => `data: ${typeof c === 'string' ? c : JSON.stringify(c)}\n\n`);
  if (options.done !== false) lines.push('data: [DONE]\n\n');
  return lines.join('');
}

/** A text answer streamed in pieces, with usage. */
export function textStream(pieces: string[], model = GEMMA, usage = { prompt_tokens: 22, completion_tokens: pieces.length }): string {
  seq++;
  return sse([
    ...pieces.map((content) => chunk({ content }, model)),
    chunk({ content: '' }, model),
    chunk({ finish: 'stop' }, model),
    chunk({ usage }, model),
  ]);
}

export function sendSse(res: ServerResponse, body: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.end(body);
}

/** A non-streamed answer (pretty-printed, as LM Studio sends it). */
export function completion(content: string, options: { model?: string; reasoning?: string; toolCalls?: unknown[]; finish?: string } = {}): unknown {
  return {
    id: 'chatcmpl-nonstream',
    object: 'chat.completion',
    created: 1790614513,
    model: options.model ?? GEMMA,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, reasoning_content: options.reasoning ?? '', tool_calls: options.toolCalls ?? [] },
        logprobs: null,
        finish_reason: options.finish ?? 'stop',
      },
    ],
    usage: { prompt_tokens: 90, completion_tokens: 12, total_tokens: 102 },
    stats: {},
    system_fingerprint: options.model ?? GEMMA,
  };
}

/** Answers streamed requests with `stream` and others with `whole`. */
export function chatRoute(stream: (req: SeenRequest) => string, whole?: (req: SeenRequest) => unknown): Record<string, Handler> {
  return {
    'POST /v1/chat/completions': (req, res) => {
      if (req.json?.stream === true) sendSse(res, stream(req));
      else json(res, 200, whole ? whole(req) : completion('ok'));
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Traces (optional)

export const TRACES = fileURLToPath(new URL('../../../shared/lmstudio-traces/', import.meta.url));
export const tracesPresent = existsSync(TRACES);
if (!tracesPresent) console.warn(`[skip] provider trace cases: ${TRACES} is absent; the own-fixture cases cover the same shapes.`);

export function trace(name: string): string {
  return readFileSync(TRACES + name, 'utf8');
}

// ---------------------------------------------------------------------------------------------------------------
// Provider under test

export interface Harness {
  provider: LmStudioProvider;
  settings: Record<string, string | null>;
  rows: UsageRow[];
  logs: { level: keyof Logger; message: string; args: unknown[] }[];
}

/** Fast discovery for tests: probes every 20–200 ms while not configured. */
export const FAST_DISCOVERY = { initialDelayMs: 20, maxDelayMs: 200, refreshMs: 60_000 };

export function makeProvider(settings: Record<string, string | null>, options: Omit<LmStudioProviderOptions, 'settings'> = {}): Harness {
  const rows: UsageRow[] = [];
  const logs: Harness['logs'] = [];
  const log: Logger = {
    debug: (message, ...args) => logs.push({ level: 'debug', message, args }),
    info: (message, ...args) => logs.push({ level: 'info', message, args }),
    warn: (message, ...args) => logs.push({ level: 'warn', message, args }),
    error: (message, ...args) => logs.push({ level: 'error', message, args }),
  };
  const provider = new LmStudioProvider({
    log,
    recordUsage: (row) => rows.push(row),
    discovery: FAST_DISCOVERY,
    ...options,
    settings: (key) => settings[key] ?? null,
  });
  providers.push(provider);
  return { provider, settings, rows, logs };
}

/** Polls `predicate` until true or `ms` pass. */
export async function until(predicate: () => boolean, ms = 3000, step = 10): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (predicate()) return true;
    await new Promise((r) => setTimeout(r, step));
  }
  return predicate();
}

/** Settles `promise` or fails the test after `ms`. */
export async function within<T>(promise: Promise<T>, ms = 5000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The rejection of `promise` (fails when it resolves). */
export async function rejection(promise: Promise<unknown>, ms = 5000): Promise<any> {
  try {
    await within(promise, ms);
  } catch (error) {
    return error;
  }
  expect.fail('expected a rejection');
}

// ---------------------------------------------------------------------------------------------------------------
// Fake OpenOrbit host

/**
 * The host's registry and agent loop as the host code behaves: the first registered provider becomes the
 * default; `isConfigured()` is polled synchronously while the provider list is built (a throw breaks the list);
 * the tool loop runs up to 5 single-turn rounds, pastes tool results into the next `userMessage`, stops on
 * `end_turn` or no tool calls, and calls `completeWithTools` unbound.
 */
export class FakeHost {
  private readonly providers = new Map<string, AIProvider>();
  private defaultId: string | undefined;

  registerProvider(provider: AIProvider): void {
    this.providers.set(provider.id, provider);
    this.defaultId ??= provider.id;
  }

  getProvider(id?: string): AIProvider | undefined {
    return this.providers.get(id ?? this.defaultId ?? '');
  }

  listProviders(): { id: string; displayName: string; configured: boolean; models: string[] }[] {
    return [...this.providers.values()].map((p) => ({
      id: p.id,
      displayName: p.displayName,
      configured: p.isConfigured(),
      models: p.capabilities.models,
    }));
  }

  async runAgent(
    request: AIToolRequest,
    tools: Record<string, (input: Record<string, unknown>) => string>,
  ): Promise<{ responses: AIToolResponse[]; calls: AIToolCall[] }> {
    const provider = this.getProvider();
    if (!provider?.completeWithTools) throw new Error('no tool-calling provider');
    const completeWithTools = provider.completeWithTools; // unbound, as one host caller does
    const responses: AIToolResponse[] = [];
    const calls: AIToolCall[] = [];
    let userMessage = request.userMessage;
    for (let round = 0; round < 5; round++) {
      const response = await completeWithTools({ ...request, userMessage });
      responses.push(response);
      if (response.stopReason === 'end_turn' || response.toolCalls.length === 0) break;
      const results = response.toolCalls.map((call) => {
        calls.push(call);
        const run = tools[call.name];
        const output = run ? run(call.input) : `Unknown tool ${call.name}`;
        return `[${call.name} ${call.id}] ${output}`;
      });
      userMessage = `${request.userMessage}\n\nTool results so far:\n${results.join('\n')}`;
    }
    return { responses, calls };
  }
}
