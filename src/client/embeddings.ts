// The embeddings surface: `POST /v1/embeddings`.
import { LmStudioError } from '../domain/errors.js';
import type { EmbeddingRequest } from '../domain/types.js';
import { sameModel } from '../stream/chat-accumulator.js';
import { requireArray, type ClientCore } from './core.js';
import { guardSurface } from './guard.js';
import type { CallOptions } from './options.js';

/** Tokens an embedding request used, as the server reports them. */
export interface EmbeddingUsage {
  /** Tokens read from the inputs. */
  promptTokens: number;
  /** All tokens the request used (for embeddings, the same as `promptTokens`). */
  totalTokens: number;
}

/** What {@link EmbeddingsSurface.embed} resolves to: the vectors, and who made them at what cost, like a chat result. */
export interface EmbeddingResult {
  /** One vector per input, in the order of the inputs (whatever order the server sent them in). */
  vectors: number[][];
  /** The model that answered (the server's `model`; the requested id when the server names none). */
  model: string;
  /** The model id the request asked for. */
  requestedModel: string;
  /** True when `model` is not the requested model (quantization and instance suffixes aside). */
  modelMismatch: boolean;
  /** Token counts, when the server reports them. */
  usage?: EmbeddingUsage;
}

/** The embeddings part of {@link LmStudioClient}. */
export interface EmbeddingsSurface {
  /**
   * Embeds one text or several with an embedding model (`POST /v1/embeddings`). The request is not retried
   * (it is not idempotent for the server's load); the whole call is bounded by `timeouts.totalMs`.
   *
   * @param request - `{ model, input }`: `input` is one string or an array of strings.
   * @param options - An abort signal and per-call timeouts.
   * @returns The vectors in input order, the model that answered and the token usage.
   * @throws {@link LmStudioError} with code `bad-request` (no model id, or the server refused the request),
   *   `model-not-found`, `no-model-loaded`, `unreachable`, `timeout` (phase `total`), `aborted`, `auth`,
   *   `server-error`, or `bad-response` (no `data` array, or an item without a vector).
   *
   * @example
   * ```ts
   * const { vectors, model, usage } = await lm.embed({ model: 'text-embedding-nomic-embed-text-v1.5', input: ['a', 'b'] });
   * console.log(vectors.length, vectors[0]?.length, model, usage?.promptTokens); // 2 768 'text-embedding-…' 4
   * ```
   */
  embed(request: EmbeddingRequest, options?: CallOptions): Promise<EmbeddingResult>;
}

/** Builds the embeddings surface over the client's shared core. */
export function createEmbeddingsSurface(core: ClientCore): EmbeddingsSurface {
  async function embed(request: EmbeddingRequest, call?: CallOptions): Promise<EmbeddingResult> {
    if (typeof request?.model !== 'string' || request.model === '') {
      throw new LmStudioError('bad-request', { message: 'The embedding request needs a model id.' });
    }
    const body = { model: request.model, input: request.input };
    const response = await core.json(
      core.context('POST', '/v1/embeddings', request.model),
      core.totalDeadline(call),
      false,
      core.requests.build('post', '/v1/embeddings', { body }),
    );
    requireArray(response, 'data', '/v1/embeddings');
    if (response.data.some((item) => typeof item !== 'object' || item === null)) {
      throw new LmStudioError('bad-response', { message: 'LM Studio answered /v1/embeddings with an entry that is not an embedding.' });
    }
    const vectors = [...response.data].sort((a, b) => a.index - b.index).map((item) => item.embedding);
    if (vectors.some((v) => !Array.isArray(v))) {
      throw new LmStudioError('bad-response', { message: 'LM Studio answered /v1/embeddings without vectors.' });
    }
    const model = typeof response.model === 'string' && response.model !== '' ? response.model : request.model;
    const result: EmbeddingResult = { vectors, model, requestedModel: request.model, modelMismatch: !sameModel(model, request.model) };
    const usage = response.usage;
    if (usage && typeof usage === 'object') {
      const promptTokens = countOr0(usage.prompt_tokens);
      result.usage = { promptTokens, totalTokens: typeof usage.total_tokens === 'number' ? countOr0(usage.total_tokens) : promptTokens };
    }
    return result;
  }

  return guardSurface({ embed }, core.secrets);
}

function countOr0(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
