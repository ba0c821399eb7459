// Every route the emulator serves. A new surface adds its file here and one entry to ROUTES.
import { CHAT_ROUTES } from './chat.js';
import { COMPLETION_ROUTES } from './completions.js';
import { DOWNLOAD_ROUTES } from './downloads.js';
import { MODEL_ROUTES } from './models.js';
import { NATIVE_CHAT_ROUTES } from './native-chat.js';
import { RESPONSES_ROUTES } from './responses.js';
import type { Route } from './route.js';

export type { Route } from './route.js';

export const ROUTES: readonly Route[] = [...MODEL_ROUTES, ...CHAT_ROUTES, ...COMPLETION_ROUTES, ...RESPONSES_ROUTES, ...NATIVE_CHAT_ROUTES, ...DOWNLOAD_ROUTES];

/** The route for a request (exact paths before prefixes), with the rest of the path for prefix routes. */
export function findRoute(method: string, key: string, path: string): { route: Route; rest: string } | undefined {
  const verb = method === 'HEAD' ? 'GET' : method;
  const exact = ROUTES.find((r) => r.method === verb && !r.prefix && r.path === key);
  if (exact) return { route: exact, rest: '' };
  const below = ROUTES.find((r) => r.method === verb && r.prefix && key.startsWith(`${r.path}/`));
  if (!below) return undefined;
  return { route: below, rest: path.replace(/\/+$/, '').slice(below.path.length + 1) };
}
