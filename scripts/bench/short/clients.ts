/**
 * The short-requests clients. Each `make` returns a function that sends one request and resolves to the answer's
 * text; everything per client (the client object, the request body) is made once, before the clock starts.
 */
import { EventSourceParserStream } from 'eventsource-parser/stream';
import OpenAI from 'openai';
import { MESSAGES, MODEL } from './answers.js';

export type OneRequest = () => Promise<string>;
/** `pkg`: the URL of the package entry to load for ours (this build, or the build of another commit). */
export type MakeClient = (baseUrl: string, pkg: string) => Promise<OneRequest>;

interface OursModule {
  createLmStudioClient(options: { baseUrl: string }): {
    chat(request: unknown): Promise<{ content: string }>;
    streamChat(request: unknown): { result(): Promise<{ content: string }> };
  };
}

const request = { model: MODEL, messages: MESSAGES };

export const CLIENTS: Record<string, MakeClient> = {
  /** `client.chat(request)`. */
  'ours-chat': async (baseUrl, pkg) => {
    const { createLmStudioClient } = (await import(pkg)) as OursModule;
    const client = createLmStudioClient({ baseUrl });
    return async () => (await client.chat(request)).content;
  },
  /** `client.streamChat(request).result()` on the 14-event answer. */
  'ours-stream': async (baseUrl, pkg) => {
    const { createLmStudioClient } = (await import(pkg)) as OursModule;
    const client = createLmStudioClient({ baseUrl });
    return async () => (await client.streamChat(request).result()).content;
  },
  /** The floor for a whole answer: `JSON.stringify`, `fetch(url, init)`, `text()`, `JSON.parse`. */
  'floor-json': async (baseUrl) => {
    const url = `${baseUrl}/v1/chat/completions`;
    return async () => {
      // The body is serialized per request, as every client must.
      const body = JSON.stringify(request);
      const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const answer = JSON.parse(await response.text()) as { choices: { message: { content: string } }[] };
      return answer.choices[0]?.message.content ?? '';
    };
  },
  /**
   * The same floor made abortable the way any client with a timeout is: an `AbortController` and a timer per
   * request, its signal given to fetch (Node's fetch then chains an AbortController of its own to it).
   */
  'floor-json-signal': async (baseUrl) => {
    const url = `${baseUrl}/v1/chat/completions`;
    return async () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 600_000);
      try {
        const body = JSON.stringify(request);
        const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, signal: controller.signal });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const answer = JSON.parse(await response.text()) as { choices: { message: { content: string } }[] };
        return answer.choices[0]?.message.content ?? '';
      } finally {
        clearTimeout(timer);
      }
    };
  },
  /** The floor for a stream: `JSON.stringify`, `fetch(url, init)` → `TextDecoderStream` → `EventSourceParserStream` → `JSON.parse`. */
  'floor-sse': async (baseUrl) => {
    const url = `${baseUrl}/v1/chat/completions`;
    return async () => {
      const body = JSON.stringify({ ...request, stream: true, stream_options: { include_usage: true } });
      const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
      let text = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (value.data === '[DONE]') continue;
        const chunk = JSON.parse(value.data) as { choices: { delta?: { content?: string } }[] };
        text += chunk.choices[0]?.delta?.content ?? '';
      }
      return text;
    };
  },
  /** openai 6.x `chat.completions.create(request)`. */
  'openai-chat': async (baseUrl) => {
    const client = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: 'lm-studio', maxRetries: 0 });
    return async () => (await client.chat.completions.create(request)).choices[0]?.message.content ?? '';
  },
  /** openai 6.x `chat.completions.create({ …, stream: true })`, chunks iterated and joined. */
  'openai-stream': async (baseUrl) => {
    const client = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: 'lm-studio', maxRetries: 0 });
    return async () => {
      const stream = await client.chat.completions.create({ ...request, stream: true, stream_options: { include_usage: true } });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      return text;
    };
  },
};
