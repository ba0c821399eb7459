// Hints in the CLI's words: flags and commands, not the library's option names.
import { describe, expect, it } from 'vitest';
import { explain, jsonError } from '../../src/cli/errors.js';
import { UsageError } from '../../src/cli/args.js';
import { LmStudioError } from '../../src/domain/errors.js';
import { timeoutError } from '../../src/http/deadline.js';
import { classifyHttpError } from '../../src/http/classify.js';

const ctx = { hadToken: false, baseUrl: 'http://localhost:1234' };
const LIBRARY_WORDS = /apiKey|listModels\(\)|timeouts\.|firstTokenMs|idleMs|totalMs|lmstudio_api_key/;

describe('explain', () => {
  it('names the flag for each timeout, and keeps the library sentence without its hint', () => {
    expect(explain(timeoutError('idle', 60_000), ctx)).toEqual({
      message: 'LM Studio went silent for 60 s in the middle of a response.',
      hint: 'The model may be stuck; raise --idle-timeout (seconds) if it is only slow.',
    });
    expect(explain(timeoutError('first-token', 120_000), ctx).hint).toContain('--first-token-timeout');
    expect(explain(timeoutError('total', 600_000), ctx).hint).toContain('--timeout');
  });

  it('auth: --api-key when no token was given, "refused" when one was', () => {
    const error = classifyHttpError(401, { error: { message: 'Invalid API key', code: 'invalid_api_key' } }, { method: 'GET', path: '/api/v1/models', secrets: [] });
    expect(error.code).toBe('auth');
    expect(explain(error, ctx).hint).toMatch(/--api-key TOKEN/);
    expect(explain(error, { ...ctx, hadToken: true }).hint).toMatch(/was refused/);
  });

  it('no hint of any code names the library', () => {
    const ctxs = [{ method: 'POST', path: '/v1/chat/completions', model: 'm', secrets: [] }];
    const errors: LmStudioError[] = [
      ...[400, 401, 404, 500].map((status) => classifyHttpError(status, { error: 'Model "m" not found' }, ctxs[0]!)),
      classifyHttpError(400, { error: 'No models loaded' }, ctxs[0]!),
      classifyHttpError(200, { error: 'Unexpected endpoint or method. (GET /api/api/v1/models)' }, ctxs[0]!),
      timeoutError('idle', 1),
      timeoutError('first-token', 1),
      timeoutError('total', 1),
      new LmStudioError('unreachable', { message: 'Cannot reach LM Studio.', hint: 'check the apiKey option' }),
    ];
    for (const error of errors) {
      const { hint } = explain(error, ctx);
      expect(hint ?? '', `${error.code}: ${hint}`).not.toMatch(LIBRARY_WORDS);
    }
    expect(explain(classifyHttpError(404, { error: 'Model "m" not found' }, ctxs[0]!), ctx).hint ?? '').toMatch(/lmstudio-provider models|server root/);
  });

  it('a base URL with a path is named when an endpoint is missing', () => {
    const error = classifyHttpError(200, { error: 'Unexpected endpoint or method. (GET /proxy/api/v1/models)' }, { method: 'GET', path: '/api/v1/models', secrets: [] });
    expect(error.code).toBe('endpoint-not-found');
    expect(explain(error, { hadToken: false, baseUrl: 'http://127.0.0.1:1234/proxy' }).hint).toBe(
      '--base-url has the path /proxy; LM Studio serves at the server root, e.g. --base-url http://127.0.0.1:1234.',
    );
  });

  it('jsonError has a stable code for every failure kind', () => {
    expect(jsonError(new UsageError('bad'), ctx, false)).toMatchObject({ code: 'usage', message: 'bad' });
    expect(jsonError(new Error('x'), ctx, true)).toEqual({ code: 'interrupted', message: 'Interrupted.' });
    expect(jsonError(timeoutError('idle', 1000), ctx, false)).toMatchObject({ code: 'timeout', hint: expect.stringContaining('--idle-timeout') });
    expect(jsonError(new TypeError('boom'), ctx, false)).toEqual({ code: 'internal', message: 'boom' });
  });
});
