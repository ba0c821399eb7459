// The host's './renderer' entry: the provider has no UI of its own (its settings come from the manifest).
import type { ExtensionRendererAPI } from './openorbit/index.js';

const renderer: ExtensionRendererAPI = {
  activate(): void {},
};

export default renderer;
