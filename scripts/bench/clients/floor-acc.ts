import { EventSourceParserStream } from 'eventsource-parser/stream';
import type { RunClient } from './types.js';

/**
 * A control for the RSS-vs-length check only: the floor, plus keeping the answer text the way ours does (parts
 * joined every 512). The difference between it and the floor is what holding the answer costs, for anyone.
 */
export const run: RunClient = async ({ baseUrl, model }) => {
  const response = await fetch(`${baseUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } }),
  });
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
  let yielded = 0;
  let parsedEvents = 0;
  let head = '';
  let parts: string[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    yielded++;
    if (value.data === '[DONE]') continue;
    const chunk = JSON.parse(value.data) as { choices?: { delta?: { content?: unknown } }[] };
    parsedEvents++;
    const text = chunk.choices?.[0]?.delta?.content;
    if (typeof text === 'string') {
      parts.push(text);
      if (parts.length >= 512) {
        head += parts.join('');
        parts = [];
      }
    }
  }
  const answer = { text: () => head + parts.join('') };
  return { yielded, parsedEvents, keep: answer };
};
