const OPEN = '<think>';
const CLOSE = '</think>';

/**
 * Separates inline `<think>…</think>` (LM Studio with reasoning separation off) from the answer. Tags may be
 * split across deltas: a trailing fragment that could start a tag is held back until the next delta decides.
 */
export class ThinkSplitter {
  private thinking = false;
  private held = '';

  constructor(
    private readonly onText: (text: string) => void,
    private readonly onReasoning: (text: string) => void,
  ) {}

  push(delta: string): void {
    // Fast path: plain answer text with nothing that could open a tag.
    if (!this.thinking && this.held === '' && delta.indexOf('<') === -1) {
      this.onText(delta);
      return;
    }
    let rest = this.held === '' ? delta : this.held + delta;
    this.held = '';
    for (;;) {
      const tag = this.thinking ? CLOSE : OPEN;
      const at = rest.indexOf(tag);
      if (at !== -1) {
        this.emit(rest.slice(0, at));
        rest = rest.slice(at + tag.length);
        this.thinking = !this.thinking;
        continue;
      }
      const partial = partialTagStart(rest, tag);
      if (partial === -1) {
        this.emit(rest);
      } else {
        this.emit(rest.slice(0, partial));
        this.held = rest.slice(partial);
      }
      return;
    }
  }

  /** End of content: a held fragment was not a tag after all. */
  flush(): void {
    const held = this.held;
    this.held = '';
    this.emit(held);
  }

  private emit(text: string): void {
    if (text === '') return;
    if (this.thinking) this.onReasoning(text);
    else this.onText(text);
  }
}

/** Index where a proper prefix of `tag` ends `text`, or -1. */
function partialTagStart(text: string, tag: string): number {
  const from = Math.max(0, text.length - tag.length + 1);
  for (let i = text.indexOf('<', from); i !== -1; i = text.indexOf('<', i + 1)) {
    if (tag.startsWith(text.slice(i))) return i;
  }
  return -1;
}
