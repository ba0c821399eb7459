// The doctor's checks, each a small probe with a verdict and, for a problem, the fix in plain words.
import { lookup } from 'node:dns/promises';
import { connect } from 'node:net';

/** `warn` leaves the server healthy; `fail` does not; `skip` follows an earlier failure. */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

/** One verdict of the doctor. */
export interface Check {
  name: 'address' | 'server' | 'auth' | 'cors' | 'surfaces' | 'models';
  status: CheckStatus;
  summary: string;
  /** What to do, when the status is `warn` or `fail`. */
  fix?: string;
}

/** What a TCP connection attempt found. */
export type Reachability = 'listening' | 'refused' | 'timeout' | 'unreachable';

/** Name resolution and TCP connects (a stand-in in tests). */
export interface AddressProbe {
  /** Addresses for a host name, in the order the system gives them. */
  lookup(host: string): Promise<string[]>;
  /** Whether something accepts TCP connections at address:port. */
  connect(address: string, port: number, timeoutMs: number): Promise<Reachability>;
}

/** The real resolver and sockets. */
export const systemProbe: AddressProbe = {
  async lookup(host) {
    const found = await lookup(host, { all: true, verbatim: true });
    return [...new Set(found.map((a) => a.address))];
  },
  connect(address, port, timeoutMs) {
    return new Promise((resolve) => {
      const socket = connect({ host: address, port });
      const done = (r: Reachability) => {
        clearTimeout(timer);
        socket.destroy();
        resolve(r);
      };
      const timer = setTimeout(() => done('timeout'), timeoutMs);
      socket.once('connect', () => done('listening'));
      socket.once('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNREFUSED' ? 'refused' : 'unreachable'));
    });
  },
};

const bracket = (address: string) => (address.includes(':') ? `[${address}]` : address);

/**
 * Where the server listens: every address the host resolves to (for `localhost`, 127.0.0.1 as well, the
 * client's fallback when `localhost` resolves to IPv6 ::1 but LM Studio listens on IPv4 only).
 * Returns the root to use for the other checks, or undefined when nothing listens.
 */
export async function checkAddress(base: URL, probe: AddressProbe, timeoutMs: number): Promise<{ check: Check; root?: string }> {
  const host = base.hostname.replace(/^\[|\]$/g, '');
  const port = Number(base.port || (base.protocol === 'https:' ? 443 : 80));
  let addresses: string[];
  try {
    addresses = /^[\d.]+$|:/.test(host) ? [host] : await probe.lookup(host);
  } catch {
    return { check: { name: 'address', status: 'fail', summary: `the host name "${host}" does not resolve to any address.`, fix: 'Check the host in --base-url (LM Studio shows its address in the Developer tab).' } };
  }
  const candidates = host === 'localhost' && !addresses.includes('127.0.0.1') ? [...addresses, '127.0.0.1'] : addresses;
  const results = await Promise.all(candidates.map(async (a) => ({ address: a, state: await probe.connect(a, port, timeoutMs) })));
  const listed = results.map((r) => `${bracket(r.address)} ${r.state}`).join(', ');
  const first = results[0];
  const working = results.find((r) => r.state === 'listening');
  if (!working || !first) {
    return {
      check: {
        name: 'address',
        status: 'fail',
        summary: `nothing accepts connections at ${host}:${port} (${listed}).`,
        fix: "Start the server in LM Studio's Developer tab (or `lms server start`). If it runs on another port or machine, pass --base-url http://HOST:PORT.",
      },
    };
  }
  if (working === first) {
    const ipv = working.address.includes(':') ? 'IPv6' : 'IPv4';
    return { check: { name: 'address', status: 'ok', summary: `${host}:${port} accepts connections (${listed}; ${ipv}).` }, root: base.origin };
  }
  const fallback = new URL(base.origin);
  fallback.hostname = bracket(working.address);
  return {
    check: {
      name: 'address',
      status: 'warn',
      summary: `${host} resolves to ${bracket(first.address)} first, where nothing listens; ${bracket(working.address)} answers (${listed}). The client falls back to it after a failed first try.`,
      fix: `Skip the detour with --base-url ${fallback.origin}${host === 'localhost' ? ' (LM Studio listens on IPv4 only)' : ''}.`,
    },
    root: fallback.origin,
  };
}

/** An HTTP answer with its body parsed as JSON where it is JSON. */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

/** One request, its JSON body read (undefined when not JSON); a network failure is `undefined`. */
export async function probeHttp(url: string, init: RequestInit, timeoutMs: number): Promise<HttpAnswer | undefined> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = (await response.text()).slice(0, 2_000_000);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: response.status, headers: response.headers, body };
  } catch {
    return undefined;
  }
}

/** LM Studio's success: HTTP 200 with JSON that has no top-level `error` (its unknown-endpoint reply is a 200). */
export function answered(answer: HttpAnswer | undefined, listKey: string): boolean {
  if (!answer || answer.status !== 200 || typeof answer.body !== 'object' || answer.body === null) return false;
  const body = answer.body as Record<string, unknown>;
  return !('error' in body) && Array.isArray(body[listKey]);
}

/** Auth from an anonymous request and one with the token: required or not, and the token accepted or not. */
export function checkAuth(anonymous: HttpAnswer, withToken: HttpAnswer | undefined, hadToken: boolean): Check {
  if (anonymous.status !== 401) {
    return { name: 'auth', status: 'ok', summary: `no token required${hadToken ? ' (the token given is sent but not needed)' : ''}.` };
  }
  if (!hadToken) {
    return {
      name: 'auth',
      status: 'fail',
      summary: 'LM Studio requires an API token ("Require Authentication" is on), and none was given.',
      fix: 'Pass the token with --api-key TOKEN, or set LM_API_TOKEN (LM Studio shows and creates tokens in its server settings).',
    };
  }
  if (withToken?.status === 401) {
    return {
      name: 'auth',
      status: 'fail',
      summary: 'LM Studio requires an API token, and refused the one given.',
      fix: "Copy the token again from LM Studio's server settings (--api-key TOKEN or LM_API_TOKEN); it may have been revoked.",
    };
  }
  return { name: 'auth', status: 'ok', summary: 'LM Studio requires an API token, and accepts the one given.' };
}

/** CORS from a browser-like preflight: on, or off (a warning: only web pages need it). */
export function checkCors(preflight: HttpAnswer | undefined): Check {
  const allowed = preflight?.headers.get('access-control-allow-origin');
  if (preflight && preflight.status < 300 && allowed) {
    return { name: 'cors', status: 'ok', summary: `on: web pages may call LM Studio (Access-Control-Allow-Origin: ${allowed}).` };
  }
  return {
    name: 'cors',
    status: 'warn',
    summary: 'off: code running in a web page cannot call LM Studio (the CLI, Node and other desktop programs are not affected).',
    fix: 'If a browser page must call it, turn on "Enable CORS" in LM Studio\'s Developer tab (server settings).',
  };
}

/** Which of LM Studio's model listings answered. */
export interface Surfaces {
  'api-v1': boolean;
  'api-v0': boolean;
  openai: boolean;
}

/** Which APIs answer; without /api/v1 some commands need a newer LM Studio. */
export function checkSurfaces(s: Surfaces): Check {
  const names = [s['api-v1'] && '/api/v1 (LM Studio 0.4+)', s['api-v0'] && '/api/v0 (0.3.6+)', s.openai && '/v1 (OpenAI-compatible)'].filter(Boolean);
  if (names.length === 0) {
    return { name: 'surfaces', status: 'fail', summary: 'no API lists models.', fix: 'Check that --base-url is the server root (e.g. http://localhost:1234), with no path.' };
  }
  const summary = `answering: ${names.join(', ')}.`;
  if (s['api-v1']) return { name: 'surfaces', status: 'ok', summary };
  return {
    name: 'surfaces',
    status: 'warn',
    summary: `${summary} ${s['api-v0'] ? 'Loading and unloading models' : 'Model details (loaded, context, tool use) and loading'} need a newer LM Studio.`,
    fix: 'Update LM Studio to 0.4 or newer.',
  };
}
