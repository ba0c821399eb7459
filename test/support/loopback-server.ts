import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach } from 'vitest';

/** One request as the server saw it. */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v1/models`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>;

export interface TestServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  port: number;
  server: Server;
  /** Every request received, in arrival order (recorded before the handler runs). */
  requests: RecordedRequest[];
  /** Connections open now. */
  openSockets(): number;
  /** Resolves at the next connection close (to see that a client hung up). */
  closed(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a `node:http` server on 127.0.0.1, port 0. The handler sees the whole request body. `close()` destroys
 * every open socket (a handler that never answers must not keep the test alive).
 */
export async function startServer(handler: Handler): Promise<TestServer> {
  const sockets = new Set<Socket>();
  const closeWaiters: (() => void)[] = [];
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    // A client that hangs up mid-response is what many tests do on purpose.
    res.on('error', () => undefined);
    req.on('data', (chunk: Buffer) => parts.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(parts).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      Promise.resolve(handler(req, res, body)).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(599);
        res.end(String(error));
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      for (const wake of closeWaiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    requests,
    openSockets: () => sockets.size,
    closed: () => new Promise<void>((resolve) => closeWaiters.push(resolve)),
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

/**
 * Registers an `afterEach` that closes every server started through the returned function. Call it once at the
 * top of a test file (or a describe block).
 */
export function useServers(): (handler: Handler) => Promise<TestServer> {
  const open: TestServer[] = [];
  afterEach(async () => {
    const servers = open.splice(0);
    await Promise.all(servers.map((s) => s.close()));
  });
  return async (handler) => {
    const server = await startServer(handler);
    open.push(server);
    return server;
  };
}

/** A 127.0.0.1 port nobody listens on (bound, then released): connecting to it is refused. */
export async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Writes `body` as JSON (a string is sent as it is, e.g. a recorded body byte for byte). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body, null, 2);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-powered-by': 'Express', ...headers });
  res.end(text);
}

/** LM Studio's answer to any path or method it does not serve: HTTP 200 with a string error. */
export function unexpectedEndpoint(res: ServerResponse, req: IncomingMessage): void {
  sendJson(res, 200, { error: `Unexpected endpoint or method. (${req.method ?? 'GET'} ${req.url ?? '/'})` });
}

export type Routes = Record<string, (req: IncomingMessage, res: ServerResponse, body: string) => void>;

/**
 * A handler dispatching on `"METHOD /path"`; anything else gets `fallback` (default: LM Studio's 200
 * "Unexpected endpoint or method" body).
 */
export function routes(table: Routes, fallback: Handler = (req, res) => unexpectedEndpoint(res, req)): Handler {
  return (req, res, body) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = table[`${req.method ?? 'GET'} ${path}`];
    return route ? route(req, res, body) : fallback(req, res, body);
  };
}
