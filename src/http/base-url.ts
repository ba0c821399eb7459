import { LmStudioError } from '../domain/errors.js';

export const DEFAULT_BASE_URL = 'http://localhost:1234';

export interface NormalizedBaseUrl {
  /** Server root without trailing slash or API prefix, e.g. `http://localhost:1234`. */
  root: string;
  /** A token found as credentials inside the URL (removed from `root`; never logged). */
  urlToken?: string;
}

/**
 * Accepts the forms people paste: with or without a trailing `/`, with `/v1` (OpenAI SDK habit) or an
 * `/api/v0|v1` prefix. Credentials inside the URL are taken out: fetch refuses such URLs, and they must never
 * reach an error message or a log.
 */
export function normalizeBaseUrl(input: string | undefined | null): NormalizedBaseUrl {
  const raw = (input ?? '').trim() || DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new LmStudioError('bad-request', {
      message: `The LM Studio base URL is not a valid URL (${describeInvalid(raw)}).`,
      hint: `Use the server root, e.g. ${DEFAULT_BASE_URL}.`,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LmStudioError('bad-request', {
      message: `The LM Studio base URL must use http or https, not ${url.protocol.replace(/:$/, '')}.`,
      hint: `Use the server root, e.g. ${DEFAULT_BASE_URL}.`,
    });
  }
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  const path = url.pathname.replace(/\/+$/, '').replace(/\/(v1|api\/v0|api\/v1)$/, '');
  const root = `${url.protocol}//${url.host}${path}`;
  const urlToken = password || user;
  return urlToken ? { root, urlToken } : { root };
}

/** Names what is wrong with an unparseable URL without echoing it (it may hold a secret). */
function describeInvalid(raw: string): string {
  return raw.includes('@') ? 'it could not be parsed' : JSON.stringify(raw.length > 80 ? `${raw.slice(0, 80)}…` : raw);
}
