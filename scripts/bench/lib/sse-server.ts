/**
 * The loopback servers' shared parts (scripts/bench/server.ts, responses/server.ts, short/server.ts): streams encoded
 * once into large Buffers, replayed as fast as the socket takes them (backpressure respected), and the process
 * protocol (`listening <port>` on stdout; exit when stdin closes, i.e. the parent went away, or on SIGTERM).
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

const BLOCK_BYTES = 256 * 1024;

/** Collects the events `encode` emits into Buffers of about 256 KiB. */
export function encodeBlocks(encode: (emit: (event: string) => void) => void): Buffer[] {
  const blocks: Buffer[] = [];
  let parts: string[] = [];
  let length = 0;
  encode((event) => {
    parts.push(event);
    length += event.length;
    if (length >= BLOCK_BYTES) {
      blocks.push(Buffer.from(parts.join(''), 'utf8'));
      parts = [];
      length = 0;
    }
  });
  if (parts.length > 0) blocks.push(Buffer.from(parts.join(''), 'utf8'));
  return blocks;
}

function drained(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = done(true);
    const onClose = done(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

async function replay(res: ServerResponse, blocks: Buffer[]): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  for (const block of blocks) {
    if (res.destroyed) return;
    if (!res.write(block) && !(await drained(res))) return;
  }
  res.end();
}

/**
 * A server that answers `POST …<pathSuffix>` with `model: "<name>"` in its JSON body by replaying `streams.get(name)`,
 * anything else with a 404. `onServed` (if given) gets each replay's wall and CPU milliseconds once it ends.
 */
export function createReplayServer(
  streams: Map<string, Buffer[]>,
  pathSuffix: string,
  onServed?: (model: string, wallMs: number, cpuMs: number) => void,
): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let model = '';
      try {
        model = String((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model?: unknown }).model ?? '');
      } catch {
        // answered below as unknown
      }
      const blocks = req.method === 'POST' && req.url?.endsWith(pathSuffix) ? streams.get(model) : undefined;
      if (!blocks) {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: `unknown benchmark stream ${req.method} ${req.url} ${model}` }));
        return;
      }
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      void replay(res, blocks).then(() => {
        if (!onServed) return;
        const cpu = process.cpuUsage(cpu0);
        onServed(model, performance.now() - t0, (cpu.user + cpu.system) / 1000);
      });
    });
  });
}

/** Listens on a free loopback port, prints `listening <port>`, and exits when stdin closes or on SIGTERM. */
export function listenForParent(server: Server): void {
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
  });
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
  process.on('SIGTERM', () => process.exit(0));
}
