import { EventSourceParserStream } from 'eventsource-parser/stream';
import type { RunClient } from './types.js';

/**
 * The floor: fetch, eventsource-parser's `EventSourceParserStream` and one `JSON.parse` per event, nothing
 * accumulated. What any client must at least spend to read these bytes.
 */
export const run: RunClient = async ({ baseUrl, model }) => {
  const response = await fetch(`${baseUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } }),
  });
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
  const events = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
  const reader = events.getReader();
  let yielded = 0;
  let parsedEvents = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    yielded++;
    if (value.data === '[DONE]') continue;
    const chunk = JSON.parse(value.data) as { choices?: unknown };
    if (chunk.choices !== undefined) parsedEvents++;
  }
  return { yielded, parsedEvents };
};
