// Compile-time proof that the package satisfies OpenOrbit's contract (checked by `tsc --noEmit`; the runtime
// assertions only make vitest count the file).
import { assertType, describe, expectTypeOf, it } from 'vitest';
import extension, { createLmStudioExtension } from '../../src/main.js';
import renderer from '../../src/renderer.js';
import type {
  AIChatRequest,
  AICompletionRequest,
  AICompletionResponse,
  AIProvider,
  AIServiceErrorShape,
  AIStreamChunk,
  AIToolRequest,
  AIToolResponse,
  ExtensionMainAPI,
  ExtensionRendererAPI,
} from '../../src/openorbit/index.js';
import { AIServiceError, LmStudioProvider } from '../../src/provider/index.js';

describe('host contract types', () => {
  it('LmStudioProvider is an AIProvider, with every optional member present', () => {
    expectTypeOf<LmStudioProvider>().toExtend<AIProvider>();
    expectTypeOf<LmStudioProvider>().toExtend<Required<AIProvider>>();
    const provider = new LmStudioProvider({ discovery: { initialDelayMs: 60_000 } });
    assertType<AIProvider>(provider);
    expectTypeOf(provider.isConfigured).returns.toEqualTypeOf<boolean>();
    expectTypeOf(provider.complete).parameter(0).toEqualTypeOf<AICompletionRequest>();
    expectTypeOf(provider.complete).returns.toEqualTypeOf<Promise<AICompletionResponse>>();
    // chat() takes the host's AIChatRequest, and also its declared multimodal messages (issue 15).
    expectTypeOf<AIChatRequest>().toExtend<Parameters<typeof provider.chat>[0]>();
    expectTypeOf(provider.stream).parameter(1).toEqualTypeOf<(chunk: AIStreamChunk) => void>();
    expectTypeOf(provider.completeWithTools).parameter(0).toEqualTypeOf<AIToolRequest>();
    expectTypeOf(provider.completeWithTools).returns.toEqualTypeOf<Promise<AIToolResponse>>();
    expectTypeOf(provider.refreshModels).returns.toEqualTypeOf<Promise<string[]>>();
    expectTypeOf(provider.dispose).returns.toEqualTypeOf<void>();
    provider.dispose();
  });

  it("the main entry's default export is an ExtensionMainAPI, and so is the factory's result", () => {
    expectTypeOf(extension).toExtend<ExtensionMainAPI>();
    assertType<ExtensionMainAPI>(extension);
    expectTypeOf(createLmStudioExtension).returns.toExtend<ExtensionMainAPI>();
    expectTypeOf(createLmStudioExtension).parameter(0).toExtend<{ settings?: unknown } | undefined>();
  });

  it("the renderer entry's default export is an ExtensionRendererAPI", () => {
    expectTypeOf(renderer).toExtend<ExtensionRendererAPI>();
    assertType<ExtensionRendererAPI>(renderer);
  });

  it('AIServiceError has the host error shape', () => {
    expectTypeOf<AIServiceError>().toExtend<AIServiceErrorShape>();
    expectTypeOf<AIServiceError['name']>().toEqualTypeOf<'AIServiceError'>();
    expectTypeOf<AIServiceError['context']>().toExtend<{ task: string; model: string; provider: 'lm-studio' }>();
  });
});
