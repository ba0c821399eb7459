import { describe, expect, it } from 'vitest';
import extension, { createLmStudioExtension } from '../../src/main.js';
import renderer from '../../src/renderer.js';
import type { AIProvider, ExtensionContext, Logger } from '../../src/openorbit/index.js';
import { LmStudioProvider } from '../../src/provider/index.js';
import { GEMMA, TYPICAL, chatRoute, completion, freePort, modelsRoute, rejection, startLmStudio, until, useCleanup, within } from './harness.js';

useCleanup();

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

function context(settings: (key: string) => unknown): { ctx: ExtensionContext; registered: AIProvider[] } {
  const registered: AIProvider[] = [];
  const ctx: ExtensionContext = {
    extensionId: 'ext-ai-lm-studio',
    services: { ai: { registerProvider: (p) => void registered.push(p) }, settings: { get: settings } },
    log: quiet,
  };
  return { ctx, registered };
}

describe('main entry', () => {
  it('activate() registers the provider built on ctx.services.settings and ctx.log; deactivate() disposes it', async () => {
    const server = await startLmStudio({ ...modelsRoute(TYPICAL), ...chatRoute(() => '', () => completion('hi')) });
    const { ctx, registered } = context((key) => (key === 'lmstudio_base_url' ? server.url : null));
    const api = createLmStudioExtension({ discovery: { initialDelayMs: 10, maxDelayMs: 20, refreshMs: 15 } });
    await api.activate(ctx);
    expect(registered).toHaveLength(1);
    const provider = registered[0]!;
    expect(provider).toBeInstanceOf(LmStudioProvider);
    expect(provider.id).toBe('lm-studio');
    expect(await until(() => provider.isConfigured())).toBe(true);
    expect((await within(provider.complete({ systemPrompt: '', userMessage: 'x' }))).model).toBe(GEMMA);
    await api.deactivate?.();
    // A probe already on the wire when deactivate() ran may still be counted by the server: let it land first.
    await new Promise((r) => setTimeout(r, 100));
    const probes = server.to('/api/v1/models').length;
    await new Promise((r) => setTimeout(r, 200));
    expect(server.to('/api/v1/models').length).toBe(probes);
  });

  it("createLmStudioExtension({ settings }) reads the host's store, not the null-answering ctx settings", async () => {
    const server = await startLmStudio(modelsRoute(TYPICAL));
    const store = new Map<string, string>([['lmstudio_base_url', server.url]]);
    // The host's SettingsRepo shape: an object with get(key).
    const repo = { get: (key: string): string | null => store.get(key) ?? null };
    const { ctx, registered } = context(() => null);
    const api = createLmStudioExtension({ settings: repo });
    await api.activate(ctx);
    expect(await until(() => registered[0]!.isConfigured())).toBe(true);
    await api.deactivate?.();

    const fnApi = createLmStudioExtension({ settings: (key) => store.get(key) });
    const second = context(() => null);
    await fnApi.activate(second.ctx);
    expect(await until(() => second.registered[0]!.isConfigured())).toBe(true);
    await fnApi.deactivate?.();
  });

  it('createLmStudioExtension({ usage, errorClass }) records rows in the host\'s usage table and throws its error class', async () => {
    const port = await freePort();
    const rows: unknown[] = [];
    class HostError extends Error {
      constructor(
        message: string,
        public code: string,
        public context?: Record<string, unknown>,
      ) {
        super(message);
      }
    }
    const { ctx, registered } = context(() => null);
    const api = createLmStudioExtension({
      settings: { get: (key) => (key === 'lmstudio_base_url' ? `http://127.0.0.1:${port}` : null) },
      usage: { record: (row) => void rows.push(row) },
      errorClass: HostError,
    });
    await api.activate(ctx);
    const error = await rejection(registered[0]!.complete({ systemPrompt: '', userMessage: 'x' }));
    expect(error).toBeInstanceOf(HostError);
    expect(error.code).toBe('AI_CONNECTION_ERROR');
    expect(rows).toEqual([expect.objectContaining({ apiKeyHash: 'lmstudio-local', success: false, errorCode: 'AI_CONNECTION_ERROR' })]);
    await api.deactivate?.();

    // An explicit recordUsage wins over usage.
    const own: unknown[] = [];
    const second = context(() => null);
    const both = createLmStudioExtension({ settings: () => `http://127.0.0.1:${port}`, usage: { record: (row) => void rows.push(row) }, recordUsage: (row) => void own.push(row) });
    await both.activate(second.ctx);
    await rejection(second.registered[0]!.complete({ systemPrompt: '', userMessage: 'x' }));
    expect(own).toHaveLength(1);
    expect(rows).toHaveLength(1);
    await both.deactivate?.();
  });

  it('the default export is { activate, deactivate }, and the renderer entry has an empty activate', async () => {
    expect(typeof extension.activate).toBe('function');
    expect(typeof extension.deactivate).toBe('function');
    await extension.deactivate?.(); // before activate: harmless
    expect(renderer.activate({})).toBeUndefined();
  });
});
