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

export { startServer as loopback, type TestServer as LoopbackServer } from '../support/loopback-server.js';
