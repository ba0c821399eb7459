import type { Spec } from '../workloads.js';

export interface RunInput {
  /** Server root, e.g. `http://127.0.0.1:41234` (clients add `/v1` where their convention wants it). */
  baseUrl: string;
  model: string;
  spec: Spec;
  /** Iterate only: do not ask for the final result (the RSS-vs-length check). */
  iterateOnly: boolean;
}

/** What a client ended with, for checking after the clock stopped. `undefined` fields were not reported. */
export interface RunOutput {
  /** Items the client's own stream yielded (its events, chunks or parts). */
  yielded: number;
  content?: string;
  reasoning?: string;
  toolCalls?: { id: string; name: string; input: unknown }[];
  finishReason?: string;
  completionTokens?: number;
  /** The floor only: SSE events parsed. */
  parsedEvents?: number;
  /** Held by the child while it measures the heap that stays reachable (the stream object, for iterate-only runs). */
  keep?: unknown;
}

export type RunClient = (input: RunInput) => Promise<RunOutput>;
