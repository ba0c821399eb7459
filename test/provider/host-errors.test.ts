// The host's own AIServiceError class, injected, is what every failure is thrown as, so the host's IPC layer
// (errorToResponse keeps a code only for its own OpenOrbitError subclasses) sends the code instead of UNKNOWN_ERROR.
import { describe, expect, it } from 'vitest';
import { LmStudioError } from '../../src/domain/errors.js';
import { AIServiceError as OwnAIServiceError } from '../../src/provider/index.js';
import { GEMMA, TYPICAL, chatRoute, freePort, json, makeProvider, modelsRoute, rejection, startLmStudio, useCleanup } from './harness.js';

useCleanup();

// A host-shaped error hierarchy of our own (the shapes of @openorbit/core/errors).
class OpenOrbitError extends Error {
  constructor(
    message: string,
    public code: string,
    public context: Record<string, unknown> = {},
    public recoverable = false,
  ) {
    super(message);
    this.name = 'OpenOrbitError';
  }
}
class HostAIServiceError extends OpenOrbitError {
  constructor(message: string, code: string, context?: Record<string, unknown>) {
    super(message, code, context, true);
    this.name = 'AIServiceError';
  }
}
function errorToResponse(err: unknown): { success: false; error: string; code: string; context?: Record<string, unknown> } {
  if (err instanceof OpenOrbitError) return { success: false, error: err.message, code: err.code, context: err.context };
  return { success: false, error: err instanceof Error ? err.message : String(err), code: 'UNKNOWN_ERROR' };
}

const ASK = { systemPrompt: '', userMessage: 'hi' };

describe('errorClass injection', () => {
  it("throws the host's class with the host code, a plain context and the client's error as cause", async () => {
    const port = await freePort();
    const { provider, rows } = makeProvider({ lmstudio_base_url: `http://127.0.0.1:${port}` }, { errorClass: HostAIServiceError });
    const error = await rejection(provider.complete(ASK));
    expect(error).toBeInstanceOf(HostAIServiceError);
    expect(error).not.toBeInstanceOf(OwnAIServiceError);
    expect(error.cause).toBeInstanceOf(LmStudioError);
    expect(error.recoverable).toBe(true);
    const response = errorToResponse(error);
    expect(response).toMatchObject({ success: false, code: 'AI_CONNECTION_ERROR' });
    expect(response.error).toContain(`127.0.0.1:${port}`);
    expect(response.context).toEqual({ task: 'complete', model: '', provider: 'lm-studio', lmStudioCode: 'unreachable' });
    // The context survives IPC's structured clone as it is.
    expect(structuredClone(response.context)).toEqual(response.context);
    expect(rows.at(-1)).toMatchObject({ success: false, errorCode: 'AI_CONNECTION_ERROR' });
  });

  it("every method and every code goes through it: request errors, onChunk throws, refreshModels", async () => {
    const server = await startLmStudio({
      ...modelsRoute(TYPICAL),
      'POST /v1/chat/completions': (_req, res) => json(res, 400, { error: 'Invalid request: max_tokens must be positive' }),
    });
    const { provider } = makeProvider({ lmstudio_base_url: server.url }, { errorClass: HostAIServiceError });
    for (const call of [
      () => provider.complete(ASK),
      () => provider.chat({ systemPrompt: '', messages: [{ role: 'user', content: 'x' }] }),
      () => provider.stream(ASK, () => undefined),
      () => provider.completeWithTools({ ...ASK, tools: [] }),
    ]) {
      const error = await rejection(call());
      expect(error).toBeInstanceOf(HostAIServiceError);
      expect(errorToResponse(error)).toMatchObject({ code: 'AI_REQUEST_ERROR', context: { model: GEMMA, lmStudioCode: 'bad-request' } });
      expect(error.message).toContain('max_tokens must be positive');
    }

    server.route('POST /v1/chat/completions', chatRoute(() => 'data: {"choices":[{"index":0,"delta":{"content":"a"}}]}\n\ndata: [DONE]\n\n')['POST /v1/chat/completions']!);
    const thrown = new Error('renderer went away');
    const callback = await rejection(provider.stream(ASK, () => { throw thrown; }));
    expect(callback).toBeInstanceOf(HostAIServiceError);
    expect(callback.code).toBe('AI_REQUEST_ERROR');
    expect(callback.cause).toBe(thrown);

    await server.close();
    const refresh = await rejection(provider.refreshModels());
    expect(refresh).toBeInstanceOf(HostAIServiceError);
    expect(errorToResponse(refresh)).toMatchObject({ code: 'AI_CONNECTION_ERROR', context: { task: 'refresh-models' } });
  });

  it('without injection the own AIServiceError is thrown; a class that throws while built falls back to it', async () => {
    const port = await freePort();
    const own = await rejection(makeProvider({ lmstudio_base_url: `http://127.0.0.1:${port}` }).provider.complete(ASK));
    expect(own).toBeInstanceOf(OwnAIServiceError);
    expect(own).toMatchObject({ name: 'AIServiceError', code: 'AI_CONNECTION_ERROR', lmStudioCode: 'unreachable', recoverable: true });

    class Broken extends Error {
      constructor() {
        super('x');
        throw new Error('cannot build');
      }
    }
    const fallback = await rejection(makeProvider({ lmstudio_base_url: `http://127.0.0.1:${port}` }, { errorClass: Broken }).provider.complete(ASK));
    expect(fallback).toBeInstanceOf(OwnAIServiceError);
    expect(fallback.code).toBe('AI_CONNECTION_ERROR');
  });
});
