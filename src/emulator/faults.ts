// Fault injection for the emulator: which faults exist, how a request selects them, and how they reshape a
// planned stream. Pure except for the types; the server applies the timing (delays, stalls, resets).

/** Every fault the emulator can inject into a chat request. */
export const FAULT_NAMES = [
  'jit-delay',
  'stall-before-first-byte',
  'stall-mid-stream',
  'reset-mid-stream',
  'error-event',
  'no-done',
  'truncate',
  'malformed-json',
  'oversize-event',
  'slow-drip',
  'model-mismatch',
  'keep-open-after-done',
  'http-500',
  'tool-call-tokens',
  'tool-call-whole',
] as const;

/** One fault the emulator can inject (see {@link FAULT_NAMES}). */
export type FaultName = (typeof FAULT_NAMES)[number];

/** A fault selection with its tuning knobs. */
export interface FaultOptions {
  names: FaultName | readonly FaultName[];
  /** `jit-delay`: milliseconds before the first byte (default 1500). */
  delayMs?: number;
  /** Mid-stream faults: how many events are sent before the fault strikes (default 3). */
  afterEvents?: number;
  /** `oversize-event`: size of the oversize `data:` event in bytes (default 8 MiB). */
  oversizeBytes?: number;
  /** `slow-drip`: milliseconds between bytes (default 0: one event-loop turn between bytes). */
  dripDelayMs?: number;
}

/** A server-wide fault: one name, several names, or names with options. */
export type FaultSpec = FaultName | readonly FaultName[] | FaultOptions;

/** The faults in force for one request, after merging the server's, the header's and the model suffix's. */
export interface ActiveFaults {
  names: ReadonlySet<FaultName>;
  delayMs: number;
  afterEvents: number;
  oversizeBytes: number;
  dripDelayMs: number;
}

/** Request header choosing faults for one request: `x-emulator-fault: no-done,truncate`. */
export const FAULT_HEADER = 'x-emulator-fault';
/** Request header tuning `jit-delay` (milliseconds before the first byte). */
export const FAULT_DELAY_HEADER = 'x-emulator-delay-ms';
/** Request header tuning mid-stream faults: events sent before the fault strikes. */
export const FAULT_AFTER_EVENTS_HEADER = 'x-emulator-after-events';
/** Model id suffix selecting faults, e.g. `qwen/qwen3-4b-2507@fault=stall-mid-stream,no-done`. */
export const FAULT_MODEL_MARKER = '@fault=';

export const DEFAULT_FAULT_DELAY_MS = 1500;
export const DEFAULT_AFTER_EVENTS = 3;
export const DEFAULT_OVERSIZE_BYTES = 8 * 1024 * 1024;

export function isFaultName(value: string): value is FaultName {
  return (FAULT_NAMES as readonly string[]).includes(value);
}

/** Splits `model@fault=a,b` into the model id and the fault names (unvalidated). */
export function splitModelFaults(model: string): { model: string; faults: string[] } {
  const at = model.indexOf(FAULT_MODEL_MARKER);
  if (at < 0) return { model, faults: [] };
  return { model: model.slice(0, at), faults: splitNames(model.slice(at + FAULT_MODEL_MARKER.length)) };
}

function splitNames(list: string): string[] {
  return list
    .split(/[,+\s]+/)
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length > 0);
}

function specToOptions(spec: FaultSpec | undefined): FaultOptions | undefined {
  if (spec === undefined) return undefined;
  if (typeof spec === 'string') return { names: [spec as FaultName] };
  if (Array.isArray(spec)) return { names: spec as readonly FaultName[] };
  return spec as FaultOptions;
}

export interface FaultSources {
  server?: FaultSpec | undefined;
  header?: string | string[] | undefined;
  delayHeader?: string | string[] | undefined;
  afterEventsHeader?: string | string[] | undefined;
  modelSuffix?: string[];
}

/** Merges the fault sources; returns the unknown names instead when any name is not a fault. */
export function resolveFaults(src: FaultSources): { ok: true; faults: ActiveFaults } | { ok: false; unknown: string[] } {
  const opts = specToOptions(src.server);
  const requested: string[] = [];
  if (opts) requested.push(...(typeof opts.names === 'string' ? [opts.names] : opts.names));
  const header = Array.isArray(src.header) ? src.header.join(',') : src.header;
  if (header) requested.push(...splitNames(header));
  if (src.modelSuffix) requested.push(...src.modelSuffix);
  const unknown = requested.filter((n) => !isFaultName(n));
  if (unknown.length > 0) return { ok: false, unknown };
  return {
    ok: true,
    faults: {
      names: new Set(requested as FaultName[]),
      delayMs: headerNumber(src.delayHeader) ?? opts?.delayMs ?? DEFAULT_FAULT_DELAY_MS,
      afterEvents: Math.max(0, headerNumber(src.afterEventsHeader) ?? opts?.afterEvents ?? DEFAULT_AFTER_EVENTS),
      oversizeBytes: opts?.oversizeBytes ?? DEFAULT_OVERSIZE_BYTES,
      dripDelayMs: opts?.dripDelayMs ?? 0,
    },
  };
}

function headerNumber(value: string | string[] | undefined): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

export const NO_FAULTS: ActiveFaults = {
  names: new Set(),
  delayMs: DEFAULT_FAULT_DELAY_MS,
  afterEvents: DEFAULT_AFTER_EVENTS,
  oversizeBytes: DEFAULT_OVERSIZE_BYTES,
  dripDelayMs: 0,
};

// ---------------------------------------------------------------------------------------------------------------
// Stream shaping

/** One piece of an event stream as planned: a `data:` chunk, the `[DONE]` marker, or raw bytes. */
export type StreamEvent =
  | { kind: 'chunk'; data: unknown }
  | { kind: 'done' }
  | { kind: 'raw'; text: string };

/** What the writer does once the planned events are written (or when it reaches a fault point). */
export type StreamEnding =
  | { kind: 'end' } // end the response normally
  | { kind: 'stall' } // keep the response open, write nothing more
  | { kind: 'reset' }; // destroy the socket

export interface ShapedStream {
  events: StreamEvent[];
  ending: StreamEnding;
  drip: boolean;
}

/**
 * Applies the stream-shaping faults to a planned event list. `errorMessage` is the text of the `event: error`
 * injected by `error-event`. Precedence when several apply: reset, stall, error-event, truncate; then the
 * content changes (malformed, oversize) and the tail changes (no-done, keep-open-after-done).
 */
export function shapeStream(planned: StreamEvent[], faults: ActiveFaults, errorMessage: string): ShapedStream {
  const has = (n: FaultName) => faults.names.has(n);
  let events = planned.slice();
  const chunkCount = events.filter((e) => e.kind === 'chunk').length;
  // Mid-stream faults strike after `afterEvents` events, but always before the final chunks so they are observable.
  const cut = Math.min(faults.afterEvents, Math.max(1, chunkCount - 2));

  if (has('malformed-json')) {
    const i = Math.min(cut, events.length - 1);
    const target = events[i];
    if (target && target.kind === 'chunk') {
      const json = JSON.stringify(target.data);
      events[i] = { kind: 'raw', text: `data: ${json.slice(0, Math.floor(json.length / 2))}\n\n` };
    }
  }
  if (has('oversize-event')) {
    const template = events.find((e) => e.kind === 'chunk' && hasChoice(e.data));
    if (template && template.kind === 'chunk') {
      events.splice(Math.min(cut, events.length), 0, { kind: 'chunk', data: oversizeChunk(template.data, faults.oversizeBytes) });
    }
  }

  if (has('reset-mid-stream')) return { events: events.slice(0, cut), ending: { kind: 'reset' }, drip: has('slow-drip') };
  if (has('stall-mid-stream')) return { events: events.slice(0, cut), ending: { kind: 'stall' }, drip: has('slow-drip') };
  if (has('error-event')) {
    const err = { kind: 'raw' as const, text: errorEventText(errorMessage) };
    return { events: [...events.slice(0, cut), err], ending: { kind: 'end' }, drip: has('slow-drip') };
  }
  if (has('truncate')) {
    // Keep only events before the first finish_reason, and at most `cut` of them.
    const firstFinish = events.findIndex((e) => e.kind === 'chunk' && finishReasonOf(e.data) !== null);
    const limit = firstFinish < 0 ? cut : Math.min(cut, firstFinish);
    return { events: events.slice(0, limit), ending: { kind: 'end' }, drip: has('slow-drip') };
  }
  if (has('no-done')) events = events.filter((e) => e.kind !== 'done');
  const ending: StreamEnding = has('keep-open-after-done') ? { kind: 'stall' } : { kind: 'end' };
  return { events, ending, drip: has('slow-drip') };
}

/** The `event: error` LM Studio sends inside a 200 stream (context overflow seen in 0.4.21). */
export function errorEventText(message: string): string {
  return `event: error\ndata: ${JSON.stringify({ error: { message }, message })}\n\n`;
}

function hasChoice(data: unknown): boolean {
  const choices = (data as { choices?: unknown[] }).choices;
  return Array.isArray(choices) && choices.length > 0;
}

function finishReasonOf(data: unknown): unknown {
  const choices = (data as { choices?: Array<{ finish_reason?: unknown }> }).choices;
  return choices?.[0]?.finish_reason ?? null;
}

function oversizeChunk(template: unknown, bytes: number): unknown {
  const t = template as Record<string, unknown>;
  const base = { ...t, choices: [{ index: 0, delta: { content: '' }, logprobs: null, finish_reason: null }] };
  const overhead = JSON.stringify(base).length + 'data: \n\n'.length;
  const filler = 'x'.repeat(Math.max(0, bytes - overhead));
  return { ...t, choices: [{ index: 0, delta: { content: filler }, logprobs: null, finish_reason: null }] };
}

/** How a non-streamed body is delivered under the active faults. */
export interface ShapedBody {
  /** The bytes to send (possibly partial or corrupted). */
  body: string;
  /** Send `Content-Length` (of `declaredLength`); otherwise the body goes out chunked. */
  declaredLength: number | undefined;
  ending: StreamEnding;
  drip: boolean;
}

/** Applies the faults that make sense for a non-streamed body (mid-body stall/reset, truncation, corruption). */
export function shapeBody(body: string, faults: ActiveFaults): ShapedBody {
  const has = (n: FaultName) => faults.names.has(n);
  const drip = has('slow-drip');
  const full = Buffer.byteLength(body);
  const half = body.slice(0, Math.floor(body.length / 2));
  if (has('reset-mid-stream')) return { body: half, declaredLength: full, ending: { kind: 'reset' }, drip };
  if (has('stall-mid-stream')) return { body: half, declaredLength: full, ending: { kind: 'stall' }, drip };
  if (has('truncate')) return { body: half, declaredLength: undefined, ending: { kind: 'end' }, drip };
  if (has('malformed-json')) {
    // A trailing comma before the closing brace: looks complete, does not parse.
    const broken = body.replace(/\n\}$/, ',\n}');
    return { body: broken, declaredLength: Buffer.byteLength(broken), ending: { kind: 'end' }, drip };
  }
  if (has('keep-open-after-done')) return { body, declaredLength: undefined, ending: { kind: 'stall' }, drip };
  return { body, declaredLength: full, ending: { kind: 'end' }, drip };
}
