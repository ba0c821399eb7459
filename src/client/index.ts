export { createLmStudioClient } from './client.js';
export type { CallOptions, LmStudioClient, LmStudioClientOptions, ModelSurface, ServerInfo } from './client.js';
