import type { IncomingHttpHeaders } from 'node:http';
import type { FaultSpec } from './faults.js';
import type { ToolQuirk } from './scripted-model.js';

/** LM Studio's reasoning capability as `/api/v1/models` reports it. */
export interface ReasoningCapability {
  allowed_options: string[];
  default: string;
}

/** One downloaded model in the emulated catalogue. */
export interface EmulatedModel {
  /** The model key, e.g. `qwen/qwen3-4b-2507`. */
  id: string;
  type: 'llm' | 'vlm' | 'embedding';
  publisher: string;
  arch: string;
  /** e.g. `Q4_K_M`, `4bit`. */
  quantization: string;
  sizeBytes: number;
  maxContextLength: number;
  /** Context length an instance gets when loaded (default `min(maxContextLength, 4096)`). */
  loadedContextLength?: number;
  /** Loaded when the server starts (as if loaded by hand: never evicted by JIT loading). */
  loaded: boolean;
  toolUse: boolean;
  vision: boolean;
  reasoning?: ReasoningCapability;
  /** `reasoning` streams `reasoning_content` before the answer. Default `normal`. */
  behaviour?: 'normal' | 'reasoning';
  /** How the model gets tool calling wrong when tools are offered (see `ToolQuirk`). Default: it does not. */
  toolQuirk?: ToolQuirk;
  /** `gguf` (default) or `mlx`. */
  format?: 'gguf' | 'mlx';
  /** Default: derived from the id. */
  displayName?: string;
  /** e.g. `4B`; default null. */
  paramsString?: string | null;
  /** Embedding models: vector length (default 8). */
  embeddingDimensions?: number;
}

/** What {@link startEmulator} takes; every field is optional. */
export interface EmulatorOptions {
  /** Default 0 (ephemeral). */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** When set every request (except a preflight) needs `Authorization: Bearer <apiKey>`, else 401. */
  apiKey?: string;
  /** Default false (LM Studio's default): no CORS headers and OPTIONS gets the HTTP 200 "Unexpected endpoint" body. */
  cors?: boolean;
  /** Default: `defaultModels()`. */
  models?: EmulatedModel[];
  /** Server-wide fault applied to every chat request. */
  fault?: FaultSpec;
  /** Delay before the first byte when the requested model is not loaded. Default 0. */
  jitLoadMs?: number;
  /** Delay between stream events. Default 0. */
  tokenDelayMs?: number;
  /** Receives one line per request and notable event (default: nothing is logged). */
  log?: (line: string) => void;
  /** Just-in-time loading (LM Studio's default: on). Off: `/v1/models` lists loaded models only and unloaded ones act unknown. */
  jit?: boolean;
  /** Clock in milliseconds since the epoch, for `created`. Default `Date.now`. */
  now?: () => number;
  /** Seed for response ids; without it ids are random. */
  seed?: number;
  /** Keep every request in `EmulatorHandle.requests` (default true, for tests); false for long-running use. */
  recordRequests?: boolean;
  /** How streamed tool-call arguments are fragmented: in one continuation fragment (default, 0.4.x) or token by token. */
  toolCallFragments?: 'whole' | 'token';
}

/** One request the emulator received, as kept in {@link EmulatorHandle.requests}. */
export interface RecordedRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or undefined when absent or not JSON. */
  body: unknown;
  /** True when the client closed the connection before the response finished. */
  closedEarly: boolean;
  /** The HTTP status sent, once headers went out. */
  status?: number;
}

/** A running emulator: its URL, its request log, fault control, and `close()`. */
export interface EmulatorHandle {
  /** e.g. `http://127.0.0.1:PORT`. */
  url: string;
  port: number;
  /** Destroys every open socket, clears every timer, and resolves once the server is closed. */
  close(): Promise<void>;
  /** Requests seen, in arrival order. */
  requests: RecordedRequest[];
  /** Number of currently open sockets. */
  openConnections(): number;
  /**
   * Resolves when a chat request's connection (streamed or not) is closed by the client before the server finished.
   * Each such close is consumed by one call: a close that happened before the call resolves it at once.
   * Rejects after `timeoutMs` (default 10 000).
   */
  waitForClientClose(timeoutMs?: number): Promise<void>;
  /** Replaces the server-wide fault (undefined: none). */
  setFault(fault: FaultSpec | undefined): void;
  /** Ids of the loaded model instances, in load order. */
  loadedInstances(): string[];
}
