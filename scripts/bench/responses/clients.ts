/**
 * The Responses clients. Each reads one whole stream and reports what it ended with (checked after the clock
 * stopped); everything per client is made before the clock starts.
 */
import { EventSourceParserStream } from 'eventsource-parser/stream';
import OpenAI from 'openai';

export interface Outcome {
  /** Items the client's own stream yielded. */
  yielded: number;
  content?: string;
  /** The function call's arguments (`call` workload). */
  arguments?: string;
  callId?: string;
  /** The call's input as the client parsed it (`ai-sdk`: `toolCalls[0].input`), checked against the sent JSON. */
  input?: unknown;
  /** The floor only: events parsed. */
  parsed?: number;
}

export type ReadOne = (model: string) => Promise<Outcome>;

interface OursModule {
  createLmStudioClient(options: { baseUrl: string }): {
    streamResponse(request: { model: string; input: string }): AsyncIterable<{ type: string }> & {
      result(): Promise<{ content: string; toolCalls: { id: string; arguments: string }[] }>;
    };
  };
}

export const CLIENTS: Record<string, (baseUrl: string, pkg: string) => Promise<ReadOne>> = {
  /** This package: iterate `streamResponse`, then `result()`. */
  ours: async (baseUrl, pkg) => {
    const { createLmStudioClient } = (await import(pkg)) as OursModule;
    const client = createLmStudioClient({ baseUrl });
    return async (model) => {
      const stream = client.streamResponse({ model, input: 'hi' });
      let yielded = 0;
      for await (const event of stream) if (event.type !== undefined) yielded++;
      const result = await stream.result();
      const call = result.toolCalls[0];
      return { yielded, content: result.content, ...(call ? { arguments: call.arguments, callId: call.id } : {}) };
    };
  },
  /** openai 6.x's Responses stream helper: iterate its events, then `finalResponse()`. */
  openai: async (baseUrl) => {
    const client = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: 'lm-studio', maxRetries: 0 });
    return async (model) => {
      const stream = client.responses.stream({ model, input: 'hi' });
      let yielded = 0;
      for await (const event of stream) if (event.type !== undefined) yielded++;
      const final = await stream.finalResponse();
      const call = final.output.find((item) => item.type === 'function_call');
      return { yielded, content: final.output_text, ...(call && call.type === 'function_call' ? { arguments: call.arguments, callId: call.call_id } : {}) };
    };
  },
  /** The AI SDK's Responses provider under `streamText` (./ai-sdk.ts, loaded only here). */
  'ai-sdk': async (baseUrl) => (await import('./ai-sdk.js')).aiSdk(baseUrl),
  /** The floor: fetch, `EventSourceParserStream`, one `JSON.parse` per event, nothing accumulated. */
  floor: async (baseUrl) => async (model) => {
    const response = await fetch(`${baseUrl}/v1/responses`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ model, input: 'hi', stream: true }),
    });
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
    let yielded = 0;
    let parsed = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yielded++;
      if ((JSON.parse(value.data) as { type?: unknown }).type !== undefined) parsed++;
    }
    return { yielded, parsed };
  },
};
