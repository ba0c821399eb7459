// The folder's src/main/lm-studio.d.ts (scripts/openorbit/lm-studio.d.ts) declares the bundle of src/main.ts by
// hand: this checks, at compile time, that it says no more than src/main.ts does, and that the host's own classes
// (declared shapes in ./fixture/core) fit it.
import { describe, expectTypeOf, it } from 'vitest';
import type * as declared from '../../scripts/openorbit/lm-studio.js';
import { createLmStudioExtension } from '../../src/main.js';
import { ApiUsageRepo } from './fixture/core/db/api-usage-repo.js';
import { SettingsRepo } from './fixture/core/db/settings-repo.js';
import { AIServiceError } from './fixture/core/errors.js';
import type { ExtensionContext } from './fixture/core/extensions/types.js';

describe('lm-studio.d.ts', () => {
  it('src/main.ts satisfies the declaration', () => {
    expectTypeOf(createLmStudioExtension).toExtend<typeof declared.createLmStudioExtension>();
    expectTypeOf<Parameters<typeof declared.createLmStudioExtension>[0]>().toExtend<Parameters<typeof createLmStudioExtension>[0]>();
  });

  it("the host's SettingsRepo, ApiUsageRepo, AIServiceError and ExtensionContext fit it", () => {
    const options: declared.LmStudioExtensionOptions = { settings: new SettingsRepo(), usage: new ApiUsageRepo(), errorClass: AIServiceError };
    expectTypeOf(options).toExtend<declared.LmStudioExtensionOptions>();
    expectTypeOf<ExtensionContext>().toExtend<declared.LmStudioExtensionContext>();
  });
});
