import { LmStudioError } from '../domain/errors.js';

/** LM Studio's default server root, used when no `baseUrl` is given. */
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
  const user = decodeCredential(url.username);
  const password = decodeCredential(url.password);
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

/** URL credentials as text; a malformed escape is kept as written rather than thrown as a URIError. */
function decodeCredential(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Header values must be Latin-1 without line breaks; anything else makes fetch throw before sending, which would
 * otherwise look like an unreachable server. Names the option, never the value (it may be a secret).
 */
export function checkHeaderValue(name: string, value: string): void {
  // eslint-disable-next-line no-control-regex
  if (/[^\u0000-\u00ff]|[\r\n\u0000]/.test(value)) {
    throw new LmStudioError('bad-request', {
      message: `The ${name} contains characters an HTTP header cannot carry (line breaks, or characters beyond Latin-1 such as a zero-width space).`,
      hint: 'Paste the value again without invisible characters.',
    });
  }
}

/** RFC 9110 token characters: what fetch accepts in a header name. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Header names must be HTTP tokens; fetch would otherwise refuse the request at send time, which would look like
 * an unreachable server. Checked when the client is made.
 */
export function checkHeaderName(name: string): void {
  if (!HEADER_NAME.test(name)) {
    const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
    throw new LmStudioError('bad-request', {
      message: `The header name ${JSON.stringify(shown)} is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_\`|~ only, no spaces or colons).`,
    });
  }
}
