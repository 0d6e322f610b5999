/**
 * Union of many overlapping spans at pixel resolution, in O(spans + width): queue phases overlap by
 * the thousand (every future waiting at once), so they are drawn as the pixels at least one covers.
 */
export class Coverage {
  private diff = new Int32Array(0);
  private width = 0;
  private used = false;

  reset(width: number): void {
    const w = Math.max(0, Math.ceil(width)) + 2;
    if (this.diff.length < w) this.diff = new Int32Array(w);
    else this.diff.fill(0, 0, w);
    this.width = w - 2;
    this.used = false;
  }

  /** Covers pixels [x0, x1] (clamped to the width); a span narrower than a pixel still covers one. */
  add(x0: number, x1: number): void {
    if (x1 < 0 || x0 > this.width) return;
    const a = Math.max(0, Math.floor(x0));
    const b = Math.min(this.width, Math.max(a + 1, Math.ceil(x1)));
    this.diff[a]!++;
    this.diff[b]!--;
    this.used = true;
  }

  /** Calls `run(x0, x1)` for each maximal covered stretch, left to right. */
  runs(run: (x0: number, x1: number) => void): void {
    if (!this.used) return;
    let depth = 0;
    let from = -1;
    for (let x = 0; x <= this.width; x++) {
      depth += this.diff[x]!;
      if (depth > 0 && from < 0) from = x;
      else if (depth <= 0 && from >= 0) {
        run(from, x);
        from = -1;
      }
    }
    if (from >= 0) run(from, this.width);
  }
}
