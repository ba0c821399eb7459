// The host's './renderer' entry: the provider has no UI of its own (its settings come from the manifest).
import type { ExtensionRendererAPI } from './openorbit/index.js';

/** The host's `./renderer` entry: nothing to draw (the settings come from the manifest). */
const renderer: ExtensionRendererAPI = {
  activate(): void {},
};

export default renderer;
