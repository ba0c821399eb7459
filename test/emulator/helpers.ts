// Shared helpers for the emulator tests: servers closed after each test, bounded fetches, raw SSE parsing, the
// spec's schemas in Ajv, and the real LM Studio traces (optional: tests using them skip when they are absent).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach } from 'vitest';
import { schemas } from '../../generated/schemas.js';
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../../src/emulator/index.js';

const started: EmulatorHandle[] = [];

/** Registers `afterEach(close)` for every emulator started with `emulator()` in this file. */
export function useEmulators(): (options?: EmulatorOptions) => Promise<EmulatorHandle> {
  afterEach(async () => {
    await Promise.all(started.splice(0).map((h) => h.close()));
  });
  return async (options?: EmulatorOptions) => {
    const h = await startEmulator({ seed: 42, now: () => 1_790_614_494_000, ...options });
    started.push(h);
    return h;
  };
}

export const TIMEOUT_MS = 5000;

export function post(h: EmulatorHandle, path: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(h.url + path, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) },
  });
}

export function get(h: EmulatorHandle, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(h.url + path, { signal: AbortSignal.timeout(TIMEOUT_MS), ...init });
}

export async function json(res: Response): Promise<any> {
  return JSON.parse(await res.text());
}

export const LOADED_LLM = 'qwen/qwen3-4b-2507';
export const VLM = 'google/gemma-4-e4b';
export const REASONING = 'qwen/qwen3.8-27b';
export const EMBEDDING = 'text-embedding-nomic-embed-text-v1.5';
export const SMALL_CONTEXT = 'smollm2-135m-instruct';

export function chatBody(extra: Record<string, unknown> = {}, text = 'Hello there, how are you?'): Record<string, unknown> {
  return { model: LOADED_LLM, messages: [{ role: 'user', content: text }], ...extra };
}

// ---------------------------------------------------------------------------------------------------------------
// SSE

export interface RawEvent {
  event: string | undefined;
  data: string;
}

/** Splits an event stream by the SSE rules (blank-line separated blocks, `event:` and `data:` fields). */
export function parseSse(text: string): RawEvent[] {
  const out: RawEvent[] = [];
  for (const block of text.replace(/\r\n/g, '\n').split('\n\n')) {
    if (block.trim() === '') continue;
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    out.push({ event, data: data.join('\n') });
  }
  return out;
}

/** The JSON chunks of a stream (without `[DONE]`). */
export function chunksOf(text: string): any[] {
  return parseSse(text)
    .filter((e) => e.event === undefined && e.data !== '[DONE]')
    .map((e) => JSON.parse(e.data));
}

/** Reads a streamed body until `predicate(textSoFar)` holds or the stream ends; returns the text. */
export async function readUntil(res: Response, predicate: (text: string) => boolean, timeoutMs = TIMEOUT_MS): Promise<{ text: string; ended: boolean }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + timeoutMs;
  try {
    while (!predicate(text)) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out; got ${JSON.stringify(text.slice(0, 300))}`);
      let timer: NodeJS.Timeout | undefined;
      const next = await Promise.race([
        reader.read(),
        new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), remaining);
        }),
      ]);
      clearTimeout(timer);
      if (next === 'timeout') throw new Error(`timed out; got ${JSON.stringify(text.slice(0, 300))}`);
      if (next.done) return { text, ended: true };
      text += decoder.decode(next.value, { stream: true });
    }
    return { text, ended: false };
  } finally {
    reader.releaseLock();
  }
}

/** Whether nothing more arrives on the stream within `ms` (true: silent and still open). */
export async function staysSilent(res: Response, ms: number): Promise<boolean> {
  const reader = res.body!.getReader();
  let timer: NodeJS.Timeout | undefined;
  try {
    const r = await Promise.race([
      reader.read().then(() => 'data' as const, () => 'error' as const),
      new Promise<'silent'>((resolve) => {
        timer = setTimeout(() => resolve('silent'), ms);
      }),
    ]);
    return r === 'silent';
  } finally {
    clearTimeout(timer);
    reader.releaseLock();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Spec schemas (Ajv, independent of the emulator's own validator)

const SPEC_ID = 'https://spec.test/lmstudio.json';
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema({ $id: SPEC_ID, components: { schemas: structuredClone(schemas) } } as object);

/** Validates `value` against `components.schemas[name]`; returns Ajv's error text or undefined when valid. */
export function specErrors(name: keyof typeof schemas, value: unknown): string | undefined {
  const validate = ajv.getSchema(`${SPEC_ID}#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name}`);
  return validate(value) ? undefined : ajv.errorsText(validate.errors);
}

// ---------------------------------------------------------------------------------------------------------------
// Real traces

/** `../shared/lmstudio-traces` relative to the repository root (EMULATOR_TRACES_DIR overrides, e.g. to test the skip). */
export const TRACES_DIR = process.env['EMULATOR_TRACES_DIR']
  ? process.env['EMULATOR_TRACES_DIR'].replace(/\/?$/, '/')
  : fileURLToPath(new URL('../../../shared/lmstudio-traces/', import.meta.url));
export const HAVE_TRACES = existsSync(TRACES_DIR);
if (!HAVE_TRACES) {
  console.warn(`[emulator tests] ${TRACES_DIR} not found: comparisons with real LM Studio traces are skipped.`);
}

export function trace(name: string): string {
  return readFileSync(TRACES_DIR + name, 'utf8');
}

/** Every object's keys in order, recursively; arrays contribute the shape of their first element; leaves are `*`. */
export function keyTree(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > 0 ? [keyTree(value[0])] : [];
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, keyTree(v)]);
  }
  return '*';
}
