import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createLmStudioClient, type ChatEvent, type LmStudioClientOptions } from '../../src/index.js';

/** A fetch that answers every request with `body` cut into the given byte chunks (no network). */
export function chunkedFetch(body: Uint8Array, cuts: number[], contentType = 'text/event-stream'): typeof fetch {
  return async () => {
    const points = [...new Set(cuts.filter((c) => c > 0 && c < body.length))].sort((a, b) => a - b);
    const pieces: Uint8Array[] = [];
    let last = 0;
    for (const p of [...points, body.length]) {
      pieces.push(body.subarray(last, p));
      last = p;
    }
    let i = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i < pieces.length) controller.enqueue(pieces[i++] as Uint8Array);
        else controller.close();
      },
    });
    return new Response(stream, { status: 200, headers: { 'content-type': contentType } });
  };
}

export async function collect(options: LmStudioClientOptions, model = 'qwen/qwen3-4b') {
  const client = createLmStudioClient(options);
  const stream = client.streamChat({ model, messages: [{ role: 'user', content: 'hi' }] });
  const events: ChatEvent[] = [];
  for await (const event of stream) events.push(event);
  return { events, result: await stream.result() };
}

export interface LoopbackServer {
  url: string;
  server: Server;
  /** Resolves when a connection closes; counts closes. */
  closed(): Promise<void>;
  openSockets(): number;
  requests: { method: string; url: string; body: string }[];
  close(): Promise<void>;
}

export async function loopback(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  const closeWaiters: (() => void)[] = [];
  const requests: LoopbackServer['requests'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', body });
      handler(req, res, body);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      closeWaiters.splice(0).forEach((w) => w());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    requests,
    openSockets: () => sockets.size,
    closed: () => new Promise<void>((resolve) => closeWaiters.push(resolve)),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
