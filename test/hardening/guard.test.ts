// The public-surface guard: whatever a surface method throws, rejects with, or lets a returned stream's result()
// reject with, leaves as a redacted LmStudioError.
import { describe, expect, it } from 'vitest';
import { guardSurface } from '../../src/client/guard.js';
import { LmStudioError } from '../../src/index.js';
import { lmStudioError } from '../support/assertions.js';

const SECRET = 'sk-guard-test-SECRET';

describe('guardSurface', () => {
  const surface = guardSurface(
    {
      syncThrow: (): number => {
        throw new TypeError(`x is null (${SECRET})`);
      },
      rejects: async (): Promise<number> => {
        throw new RangeError('Maximum call stack size exceeded');
      },
      unsendable: async (): Promise<number> => JSON.parse(JSON.stringify({ n: 1n })) as number,
      stream: () => ({ result: () => Promise.reject(new Error(`inner ${SECRET}`)) }),
      typed: async (): Promise<number> => {
        throw new LmStudioError('timeout', { message: `slow ${SECRET}`, phase: 'total' });
      },
      fine: async (n: number): Promise<number> => n + 1,
    },
    [SECRET],
  );

  it('a synchronous raw throw becomes bad-response, redacted', async () => {
    const error = await lmStudioError(() => surface.syncThrow());
    expect(error.code).toBe('bad-response');
    expect(error.message).not.toContain(SECRET);
  });

  it('a raw rejection becomes an LmStudioError; a serialisation failure is the caller’s bad-request', async () => {
    expect((await lmStudioError(surface.rejects())).code).toBe('bad-request');
    const error = await lmStudioError(surface.unsendable());
    expect(error.code).toBe('bad-request');
    expect(error.message).toMatch(/BigInt/);
  });

  it('a returned stream’s result() rejects only with a redacted LmStudioError', async () => {
    const error = await lmStudioError(surface.stream().result());
    expect(error.code).toBe('bad-response');
    expect(JSON.stringify(error)).not.toContain(SECRET);
  });

  it('an LmStudioError keeps its code and loses the secret; results pass through', async () => {
    const error = await lmStudioError(surface.typed());
    expect(error).toMatchObject({ code: 'timeout', phase: 'total' });
    expect(error.message).not.toContain(SECRET);
    await expect(surface.fine(1)).resolves.toBe(2);
  });
});
