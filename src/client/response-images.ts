// LM Studio does not fetch `input_image` URLs (#1120): only base64 `data:` URLs work. The client fetches http(s)
// images itself with `imagePart` (never sending the client's headers or API key to the image host; the format is
// sniffed, WebP and the like converted or refused) and inlines them.
import type { ResponseInputItem } from '../domain/responses.js';
import { imagePart } from './image-part.js';

/** How images are fetched: the global fetch unless a caller passes its own. */
export type ImageFetch = (url: string, init: RequestInit) => Promise<Response>;

export interface ImageOptions {
  fetchImage?: ImageFetch | undefined;
  maxImageBytes: number;
  /** The call's signal (its limits and the caller's abort): the only bound on fetching an image. */
  signal: AbortSignal;
}

/**
 * `input` with every http(s) `input_image` replaced by a `data:` URL. Items without such images are kept as they
 * are (the same objects); returns `input` itself when there is nothing to fetch. Rejects as `imagePart` does
 * (`bad-request`, or the error of the call's signal).
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
  const part = await imagePart(url, {
    signal: options.signal,
    // The call's signal carries the call's own limits; no separate metadata limit on top.
    timeouts: { requestMs: Infinity },
    maxBytes: options.maxImageBytes,
    ...(options.fetchImage ? { fetch: options.fetchImage } : {}),
  });
  return part.image_url.url;
}
