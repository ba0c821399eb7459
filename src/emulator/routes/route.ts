// What a route is: a method, a path (exact, or a prefix whose rest is handed to the handler) and a handler.
import type { Exchange } from '../exchange.js';

export interface Route {
  method: 'GET' | 'POST';
  /** Lower-case, without a trailing slash. */
  path: string;
  /** Matches every path below `path/`; the handler gets the rest (as sent, not lower-cased). */
  prefix?: boolean;
  handler: (ex: Exchange, rest: string) => Promise<void>;
}
