/** Dense indexes touched since the last `take`, each listed once. */
export class DirtySet {
  private flags = new Uint8Array(64);
  private items: number[] = [];

  add(i: number): void {
    if (i < 0) return;
    if (i >= this.flags.length) {
      const next = new Uint8Array(Math.max(i + 1, this.flags.length * 2));
      next.set(this.flags);
      this.flags = next;
    }
    if (this.flags[i]) return;
    this.flags[i] = 1;
    this.items.push(i);
  }

  /** The touched indexes below `limit`, ascending (those at or above it are sent as new rows anyway); clears the set. */
  take(limit: number): number[] {
    const out = this.items.filter((i) => i < limit).sort((a, b) => a - b);
    for (const i of this.items) this.flags[i] = 0;
    this.items = [];
    return out;
  }

  clear(): void {
    this.take(0);
  }
}

/** Dirty indexes below `sent`, then every index from `sent` to `count`: the rows a batch must carry. */
export function rowsToSend(dirty: DirtySet, sent: number, count: number): number[] {
  const rows = dirty.take(sent);
  for (let i = sent; i < count; i++) rows.push(i);
  return rows;
}
