/**
 * Accumulates many small strings in linear time and bounded overhead: parts are joined in batches, so a
 * million deltas cost their characters plus a few thousand joins, never a rescan or a node per delta.
 */
export class TextBuffer {
  private head = '';
  private parts: string[] = [];

  push(text: string): void {
    this.parts.push(text);
    if (this.parts.length >= 512) {
      this.head += this.parts.join('');
      this.parts = [];
    }
  }

  toString(): string {
    if (this.parts.length > 0) {
      this.head += this.parts.join('');
      this.parts = [];
    }
    return this.head;
  }

  get empty(): boolean {
    return this.head.length === 0 && this.parts.length === 0;
  }
}
