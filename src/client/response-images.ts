// LM Studio does not fetch `input_image` URLs (#1120): only base64 `data:` URLs work. The client fetches http(s)
// images itself (never sending the client's headers or API key to the image host) and inlines them.
import { LmStudioError } from '../domain/errors.js';
import type { ResponseInputItem } from '../domain/responses.js';

/** How images are fetched: the global fetch unless a caller passes its own. */
export type ImageFetch = (url: string, init: RequestInit) => Promise<Response>;

/** Default cap on one fetched image. */
export const DEFAULT_MAX_IMAGE_BYTES = 20 * 1024 * 1024;

export interface ImageOptions {
  fetchImage?: ImageFetch | undefined;
  maxImageBytes: number;
  /** The call's signal (its limits and the caller's abort). */
  signal: AbortSignal;
}

/**
 * `input` with every http(s) `input_image` replaced by a `data:` URL. Items without such images are kept as they
 * are (the same objects); returns `input` itself when there is nothing to fetch.
 */
export async function inlineImages<T extends string | ResponseInputItem[]>(input: T, options: ImageOptions): Promise<T> {
  if (typeof input === 'string') return input;
  let changed = false;
  const out: ResponseInputItem[] = [];
  for (const item of input as ResponseInputItem[]) {
    const content = typeof item === 'object' && item !== null && 'role' in item ? item.content : undefined;
    if (!Array.isArray(content) || !content.some(isRemoteImage)) {
      out.push(item);
      continue;
    }
    changed = true;
    const parts = [];
    for (const part of content) {
      parts.push(isRemoteImage(part) ? { ...part, image_url: await fetchAsDataUrl(part.image_url, options) } : part);
    }
    out.push({ ...item, content: parts } as ResponseInputItem);
  }
  return (changed ? out : input) as T;
}

function isRemoteImage(part: unknown): part is { type: 'input_image'; image_url: string } {
  const p = part as { type?: unknown; image_url?: unknown };
  return p?.type === 'input_image' && typeof p.image_url === 'string' && /^https?:\/\//i.test(p.image_url);
}

async function fetchAsDataUrl(url: string, options: ImageOptions): Promise<string> {
  const shown = url.length > 120 ? `${url.slice(0, 120)}…` : url;
  const fail = (why: string, cause?: unknown): LmStudioError =>
    new LmStudioError('bad-request', {
      message: `The image ${shown} could not be fetched to send it inline (${why}).`,
      hint: 'LM Studio only accepts images as data: URLs; pass one, or a URL this client can fetch.',
      ...(cause !== undefined ? { cause } : {}),
    });
  const fetchImage = options.fetchImage ?? ((u: string, init: RequestInit) => globalThis.fetch(u, init));
  let response: Response;
  try {
    response = await fetchImage(url, { signal: options.signal, redirect: 'follow' });
  } catch (error) {
    if (options.signal.aborted) throw error;
    throw fail(error instanceof Error ? error.message : String(error), error);
  }
  if (!response.ok) {
    void response.body?.cancel().catch(() => undefined);
    throw fail(`HTTP ${response.status}`);
  }
  const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!type.startsWith('image/')) {
    void response.body?.cancel().catch(() => undefined);
    throw fail(`it is ${type || 'of no content type'}, not an image`);
  }
  const bytes = await readBounded(response, options.maxImageBytes, () => fail(`larger than ${Math.round(options.maxImageBytes / 1024 / 1024)} MiB`));
  return `data:${type};base64,${base64(bytes)}`;
}

async function readBounded(response: Response, limit: number, tooLarge: () => LmStudioError): Promise<Uint8Array> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const read = await reader.read();
    if (read.done) break;
    size += read.value.byteLength;
    if (size > limit) {
      void reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(read.value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Base64 without `node:` (browsers, Electron renderers): btoa over 32 KiB slices. */
function base64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 0x8000) parts.push(String.fromCharCode(...bytes.subarray(i, i + 0x8000)));
  return btoa(parts.join(''));
}
