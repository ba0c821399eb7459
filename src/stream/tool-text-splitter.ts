import { parseTextToolCalls, TEXT_TOOL_MARKERS, type TextToolCall } from './text-tool-calls.js';

const OPENERS = TEXT_TOOL_MARKERS.map((m) => m.open);
const FIRST_CHARS = new Set(OPENERS.map((o) => o[0]));
const LONGEST_OPENER = Math.max(...OPENERS.map((o) => o.length));

interface Block {
  open: string;
  close: string;
  /** The block's text so far, opener included, as parts joined once. */
  parts: string[];
  /** The last `close.length - 1` characters, so a closing marker split across deltas is still found. */
  tail: string;
  /** Whether the first non-blank character after the opener was seen (it must open JSON). */
  started: boolean;
}

/**
 * Holds back answer text from a tool-call marker on (markers may be split across deltas), and decides at the
 * closing marker — or the end of the answer — whether it was tool calls (handed to `onCalls`) or text after all
 * (released unchanged to `onText`). A block whose first non-blank character cannot open JSON is released at
 * once. Linear in the text: each delta is scanned once, never the whole held block again.
 */
export class ToolTextSplitter {
  /** Text outside a block that may be the start of an opener. */
  private pending = '';
  private block: Block | undefined;

  constructor(
    private readonly offered: ReadonlySet<string>,
    private readonly onText: (text: string) => void,
    private readonly onCalls: (calls: TextToolCall[]) => boolean,
  ) {}

  push(text: string): void {
    if (text === '') return;
    if (this.block) {
      this.feedBlock(this.block, text);
      return;
    }
    if (this.pending === '' && !hasMarkerStart(text)) {
      this.onText(text);
      return;
    }
    const rest = this.pending + text;
    this.pending = '';
    const found = findOpener(rest);
    if (!found) {
      const partial = partialOpener(rest);
      if (partial === -1) this.onText(rest);
      else {
        if (partial > 0) this.onText(rest.slice(0, partial));
        this.pending = rest.slice(partial);
      }
      return;
    }
    if (found.at > 0) this.onText(rest.slice(0, found.at));
    const block: Block = { open: found.open, close: found.close, parts: [found.open], tail: '', started: false };
    this.block = block;
    this.feedBlock(block, rest.slice(found.at + found.open.length));
  }

  /** End of the answer: an unclosed block may still be calls (models often drop the closing marker). */
  flush(): void {
    const block = this.block;
    this.block = undefined;
    if (block) {
      const text = block.parts.join('');
      this.decide(text, text.slice(block.open.length));
      return;
    }
    const pending = this.pending;
    this.pending = '';
    if (pending !== '') this.onText(pending);
  }

  private feedBlock(block: Block, text: string): void {
    if (text === '') return;
    if (!block.started) {
      const first = /\S/.exec(text);
      if (!first) {
        block.parts.push(text);
        return;
      }
      block.started = true;
      if (first[0] !== '{' && first[0] !== '[') {
        // Prose after something that looked like a marker: not a call; release it and read on.
        this.block = undefined;
        this.onText(block.parts.join(''));
        this.push(text);
        return;
      }
    }
    const haystack = block.tail + text;
    const at = haystack.indexOf(block.close);
    if (at === -1) {
      block.parts.push(text);
      block.tail = haystack.slice(-(block.close.length - 1));
      return;
    }
    const cut = at - block.tail.length + block.close.length;
    block.parts.push(text.slice(0, cut));
    this.block = undefined;
    const whole = block.parts.join('');
    this.decide(whole, whole.slice(block.open.length, whole.length - block.close.length));
    this.push(text.slice(cut));
  }

  private decide(block: string, inner: string): void {
    const calls = parseTextToolCalls(inner, this.offered);
    if (!calls || !this.onCalls(calls)) this.onText(block);
  }
}

function hasMarkerStart(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (FIRST_CHARS.has(text[i])) return true;
  return false;
}

function findOpener(text: string): { at: number; open: string; close: string } | undefined {
  let best: { at: number; open: string; close: string } | undefined;
  for (const m of TEXT_TOOL_MARKERS) {
    const at = text.indexOf(m.open);
    if (at !== -1 && (!best || at < best.at)) best = { at, open: m.open, close: m.close };
  }
  return best;
}

/** Where a proper prefix of some opening marker ends `text`, or -1. */
function partialOpener(text: string): number {
  for (let i = Math.max(0, text.length - LONGEST_OPENER + 1); i < text.length; i++) {
    if (!FIRST_CHARS.has(text[i])) continue;
    const tail = text.slice(i);
    if (OPENERS.some((o) => o.length > tail.length && o.startsWith(tail))) return i;
  }
  return -1;
}
