// Images for vision models: whatever the caller has (bytes, a Blob, a data URL, an http(s) URL) becomes the one form
// LM Studio reads, an inline base64 PNG or JPEG data URL. LM Studio does not fetch URLs (#1120) and rejects WebP
// (#1027, #1752, #1839, through 0.4.12 at least) with "'url' field must be a base64 encoded image".
import { LmStudioError } from '../domain/errors.js';
import type { ImageContentPart } from '../domain/native.js';
import { Deadline, resolveTimeouts, type Timeouts } from '../http/deadline.js';

/** Turns image bytes LM Studio does not read into PNG (or JPEG) bytes; `undefined` when it cannot. */
export type ImageConverter = (bytes: Uint8Array, mediaType: string) => Promise<{ bytes: Uint8Array; mediaType: string } | undefined>;

/** Options of {@link imagePart}. */
export interface ImagePartOptions {
  /** Stops fetching an image URL (`aborted`). */
  signal?: AbortSignal;
  /** `requestMs` bounds fetching an image URL (default 15 s). */
  timeouts?: Partial<Timeouts>;
  /** Largest image accepted, in bytes (default 20 MiB); a larger one is a `bad-request`. */
  maxBytes?: number;
  /** The fetch used for http(s) URLs (default the global fetch). The client's headers and API key are never sent. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /**
   * How formats LM Studio rejects (WebP, GIF, BMP, AVIF, HEIC) become PNG: default the platform's canvas
   * (`createImageBitmap` + `OffscreenCanvas`, in browsers and Electron renderers); `false` never converts.
   */
  convert?: ImageConverter | false;
  /** OpenAI's `detail` hint, passed through. */
  detail?: 'auto' | 'low' | 'high';
}

/** What `imagePart` accepts: bytes, a Blob (or File), a `data:` URL, or an http(s) URL. */
export type ImageSource = Uint8Array | ArrayBuffer | Blob | string;

/** The largest image `imagePart` accepts unless `maxBytes` says otherwise: 20 MiB. */
export const DEFAULT_MAX_IMAGE_BYTES = 20 * 1024 * 1024;

const ACCEPTED = new Set(['image/png', 'image/jpeg']);

/** The image format by its first bytes (never by a declared type, which is often wrong); `undefined` if unknown. */
export function sniffImageType(bytes: Uint8Array): string | undefined {
  const b = (i: number): number => bytes[i] ?? -1;
  const ascii = (from: number, text: string): boolean => [...text].every((c, i) => b(from + i) === c.charCodeAt(0));
  if (b(0) === 0x89 && ascii(1, 'PNG\r\n\x1a\n')) return 'image/png';
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'image/jpeg';
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'image/gif';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp';
  if (ascii(0, 'BM') && bytes.length > 26) return 'image/bmp';
  if (ascii(4, 'ftyp')) {
    if (ascii(8, 'avif') || ascii(8, 'avis')) return 'image/avif';
    if (ascii(8, 'heic') || ascii(8, 'heix') || ascii(8, 'mif1')) return 'image/heic';
  }
  return undefined;
}

function refuse(message: string, hint?: string, cause?: unknown): LmStudioError {
  return new LmStudioError('bad-request', { message, ...(hint ? { hint } : {}), ...(cause !== undefined ? { cause } : {}) });
}

/** Base64 without `node:` (browsers, Electron renderers): btoa over 32 KiB slices. */
function base64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 0x8000) parts.push(String.fromCharCode(...bytes.subarray(i, i + 0x8000)));
  return btoa(parts.join(''));
}

function decodeDataUrl(url: string): Uint8Array {
  const comma = url.indexOf(',');
  if (comma === -1) throw refuse('The image data URL has no comma before its data.');
  const header = url.slice(5, comma);
  const data = url.slice(comma + 1);
  if (/;base64$/i.test(header)) {
    let binary: string;
    try {
      binary = atob(data.replace(/\s+/g, ''));
    } catch (error) {
      throw refuse('The image data URL is not valid base64.', undefined, error);
    }
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  }
  // Percent-encoded data: each %XX is one byte.
  const out: number[] = [];
  for (let i = 0; i < data.length; i++) {
    if (data[i] === '%' && /^[0-9a-f]{2}$/i.test(data.slice(i + 1, i + 3))) {
      out.push(parseInt(data.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(data.charCodeAt(i) & 0xff);
  }
  return Uint8Array.from(out);
}

async function readCapped(response: Response, maxBytes: number, shown: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    void response.body?.cancel().catch(() => undefined);
    throw refuse(`The image ${shown} is larger than ${maxBytes} bytes (${declared}).`, 'Raise maxBytes, or send a smaller image.');
  }
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const read = await reader.read();
    if (read.done) break;
    size += read.value.byteLength;
    if (size > maxBytes) {
      void reader.cancel().catch(() => undefined);
      throw refuse(`The image ${shown} is larger than ${maxBytes} bytes.`, 'Raise maxBytes, or send a smaller image.');
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

async function fetchImage(url: string, options: ImagePartOptions, maxBytes: number): Promise<Uint8Array> {
  const shown = url.length > 120 ? `${url.slice(0, 120)}…` : url;
  const deadline = new Deadline(options.signal, Infinity, resolveTimeouts(options.timeouts).requestMs);
  const fetchImpl = options.fetch ?? ((u: string, init: RequestInit) => globalThis.fetch(u, init));
  try {
    let response: Response;
    try {
      response = await fetchImpl(url, { signal: deadline.signal, redirect: 'follow' });
    } catch (error) {
      throw deadline.error ?? refuse(`The image ${shown} could not be fetched (${error instanceof Error ? error.message : String(error)}).`, undefined, error);
    }
    if (!response.ok) {
      void response.body?.cancel().catch(() => undefined);
      throw refuse(`The image ${shown} could not be fetched (HTTP ${response.status}).`);
    }
    try {
      return await readCapped(response, maxBytes, shown);
    } catch (error) {
      throw deadline.error ?? error;
    }
  } finally {
    deadline.dispose();
  }
}

async function toBytes(source: ImageSource, options: ImagePartOptions, maxBytes: number): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    if (source.size > maxBytes) throw refuse(`The image is larger than ${maxBytes} bytes (${source.size}).`, 'Raise maxBytes, or send a smaller image.');
    return new Uint8Array(await source.arrayBuffer());
  }
  if (typeof source === 'string') {
    if (/^data:/i.test(source)) return decodeDataUrl(source);
    if (/^https?:\/\//i.test(source)) return fetchImage(source, options, maxBytes);
    throw refuse('An image string must be a data: URL or an http(s) URL.', 'Pass file contents as a Uint8Array or Blob.');
  }
  throw refuse('An image must be a Uint8Array, an ArrayBuffer, a Blob, a data: URL or an http(s) URL.');
}

interface CanvasLike {
  getContext(kind: '2d'): { drawImage(image: unknown, x: number, y: number): void } | null;
  convertToBlob(options: { type: string }): Promise<Blob>;
}
interface CanvasPlatform {
  createImageBitmap?: (blob: Blob) => Promise<{ width: number; height: number; close?: () => void }>;
  OffscreenCanvas?: new (width: number, height: number) => CanvasLike;
}

/** The platform's canvas as a converter to PNG (browsers, Electron renderers); `undefined` where there is none. */
export const canvasConverter: ImageConverter = async (bytes, mediaType) => {
  const platform = globalThis as unknown as CanvasPlatform;
  if (typeof platform.createImageBitmap !== 'function' || typeof platform.OffscreenCanvas !== 'function') return undefined;
  try {
    const bitmap = await platform.createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mediaType }));
    const canvas = new platform.OffscreenCanvas(bitmap.width, bitmap.height);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
    bitmap.close?.();
    const png = await canvas.convertToBlob({ type: 'image/png' });
    return { bytes: new Uint8Array(await png.arrayBuffer()), mediaType: 'image/png' };
  } catch {
    return undefined;
  }
};

/**
 * An OpenAI-style image content part (`{ type: 'image_url', image_url: { url: 'data:image/png;base64,…' } }`) for a
 * vision model, from bytes (`Uint8Array`, `ArrayBuffer`, `Blob`), a data URL, or an http(s) URL that the client
 * fetches (LM Studio does not), bounded by `timeouts.requestMs`, `signal` and `maxBytes`. The format is sniffed from
 * the bytes. PNG and JPEG are sent as they are; WebP, GIF, BMP, AVIF and HEIC, which LM Studio rejects, are converted
 * to PNG where the platform can (see `convert`) and otherwise refused. Works with `chat()` message content and with
 * `nativeChat()` input.
 *
 * Rejects with `bad-request` (unreadable, too large, not an image, a format LM Studio rejects and nothing converts,
 * a URL that could not be fetched), `timeout` (phase `total`) or `aborted`.
 *
 * @example
 * const part = await imagePart(await readFile('photo.jpg'));
 * await lm.chat({ model: 'qwen/qwen3-vl-4b', messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, part] }] });
 */
export async function imagePart(source: ImageSource, options: ImagePartOptions = {}): Promise<ImageContentPart> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_IMAGE_BYTES;
  let bytes = await toBytes(source, options, maxBytes);
  if (bytes.byteLength > maxBytes) throw refuse(`The image is larger than ${maxBytes} bytes (${bytes.byteLength}).`, 'Raise maxBytes, or send a smaller image.');
  if (bytes.byteLength === 0) throw refuse('The image is empty.');
  let type = sniffImageType(bytes);
  if (type === undefined) throw refuse('The data is not an image LM Studio can read (neither PNG nor JPEG by its first bytes).');
  if (!ACCEPTED.has(type)) {
    const converter = options.convert === false ? undefined : (options.convert ?? canvasConverter);
    const converted = converter ? await converter(bytes, type) : undefined;
    if (!converted || !ACCEPTED.has(sniffImageType(converted.bytes) ?? '')) {
      throw refuse(
        `LM Studio rejects ${type.slice(6).toUpperCase()} images ("'url' field must be a base64 encoded image"), and this platform could not convert it.`,
        'Convert it to PNG or JPEG first, or pass a converter as the convert option.',
      );
    }
    bytes = converted.bytes;
    type = sniffImageType(bytes) as string;
  }
  const part: ImageContentPart = { type: 'image_url', image_url: { url: `data:${type};base64,${base64(bytes)}` } };
  if (options.detail) part.image_url.detail = options.detail;
  return part;
}
