import { parseTextToolCalls, TEXT_TOOL_MARKERS, type TextToolCall } from './text-tool-calls.js';

const OPENERS = TEXT_TOOL_MARKERS.map((m) => m.open);
const FIRST_CHARS = new Set(OPENERS.map((o) => o[0]));

/**
 * Holds back answer text from a tool-call marker on (markers may be split across deltas), and decides at the
 * closing marker — or the end of the answer — whether it was tool calls (handed to `onCalls`) or text after all
 * (released unchanged to `onText`).
 */
export class ToolTextSplitter {
  private held = '';
  private close: string | undefined;

  constructor(
    private readonly offered: ReadonlySet<string>,
    private readonly onText: (text: string) => void,
    private readonly onCalls: (calls: TextToolCall[]) => boolean,
  ) {}

  push(text: string): void {
    if (this.held === '' && !hasMarkerStart(text)) {
      this.onText(text);
      return;
    }
    let rest = this.held + text;
    this.held = '';
    for (;;) {
      if (this.close === undefined) {
        const found = findOpener(rest);
        if (!found) {
          const partial = partialOpener(rest);
          if (partial === -1) this.onText(rest);
          else {
            if (partial > 0) this.onText(rest.slice(0, partial));
            this.held = rest.slice(partial);
          }
          return;
        }
        if (found.at > 0) this.onText(rest.slice(0, found.at));
        rest = rest.slice(found.at);
        this.close = found.close;
      }
      const close = this.close;
      const open = openerFor(close);
      const end = rest.indexOf(close, open.length);
      if (end === -1) {
        this.held = rest;
        return;
      }
      this.close = undefined;
      this.decide(rest.slice(0, end + close.length), rest.slice(open.length, end));
      rest = rest.slice(end + close.length);
      if (rest === '') return;
    }
  }

  /** End of the answer: an unclosed block may still be calls (models often drop the closing marker). */
  flush(): void {
    const held = this.held;
    this.held = '';
    if (held === '') return;
    if (this.close !== undefined) {
      const open = openerFor(this.close);
      this.close = undefined;
      this.decide(held, held.slice(open.length));
    } else {
      this.onText(held);
    }
  }

  private decide(block: string, inner: string): void {
    const calls = parseTextToolCalls(inner, this.offered);
    if (!calls || !this.onCalls(calls)) this.onText(block);
  }
}

function openerFor(close: string): string {
  return TEXT_TOOL_MARKERS.find((m) => m.close === close)?.open ?? '';
}

function hasMarkerStart(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (FIRST_CHARS.has(text[i])) return true;
  return false;
}

function findOpener(text: string): { at: number; close: string } | undefined {
  let best: { at: number; close: string } | undefined;
  for (const m of TEXT_TOOL_MARKERS) {
    const at = text.indexOf(m.open);
    if (at !== -1 && (!best || at < best.at)) best = { at, close: m.close };
  }
  return best;
}

/** Where a proper prefix of some opening marker ends `text`, or -1. */
function partialOpener(text: string): number {
  const longest = Math.max(...OPENERS.map((o) => o.length));
  for (let i = Math.max(0, text.length - longest + 1); i < text.length; i++) {
    if (!FIRST_CHARS.has(text[i])) continue;
    const tail = text.slice(i);
    if (OPENERS.some((o) => o.length > tail.length && o.startsWith(tail))) return i;
  }
  return -1;
}
