/**
 * The short-requests server, in its own process: `node server.js`. Answers `POST /v1/chat/completions` at once,
 * with the whole answer or (for `"stream": true`) the 14-event stream, each written in one `end()`; connections are
 * kept alive. Prints `listening <port>`; exits when its stdin closes or on SIGTERM.
 */
import { createServer } from 'node:http';
import { listenForParent } from '../lib/sse-server.js';
import { streamedAnswer, wholeAnswer } from './answers.js';

const whole = Buffer.from(wholeAnswer());
const streamed = Buffer.from(streamedAnswer());

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"error":"Unexpected endpoint or method."}');
      return;
    }
    const text = Buffer.concat(chunks).toString('utf8');
    // A substring test, not a parse: the server's own cost stays out of the clients' way.
    const stream = /"stream"\s*:\s*true/.test(text);
    if (stream) {
      // Chunked, as LM Studio sends streams.
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      res.end(streamed);
    } else {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': whole.length });
      res.end(whole);
    }
  });
});
server.keepAliveTimeout = 60_000;
server.headersTimeout = 65_000;
listenForParent(server);
