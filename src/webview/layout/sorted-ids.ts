/**
 * Ids kept sorted by a time key, with the keys alongside so binary searches never look elsewhere.
 * Data arrives mostly in time order, so an insert is usually an append; out-of-order ones shift.
 */
export class SortedIds {
  ids = new Int32Array(16);
  keys = new Float64Array(16);
  length = 0;

  /** First position whose key is ≥ `key`. */
  lowerBound(key: number): number {
    let lo = 0;
    let hi = this.length;
    const keys = this.keys;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First position whose key is > `key`. */
  upperBound(key: number): number {
    let lo = 0;
    let hi = this.length;
    const keys = this.keys;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! <= key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Inserts after every equal key, so items with equal keys stay in arrival order. Returns the position. */
  insert(id: number, key: number): number {
    const n = this.length;
    if (n === this.ids.length) this.grow(n * 2);
    const at = n === 0 || this.keys[n - 1]! <= key ? n : this.upperBound(key);
    if (at < n) {
      this.ids.copyWithin(at + 1, at, n);
      this.keys.copyWithin(at + 1, at, n);
    }
    this.ids[at] = id;
    this.keys[at] = key;
    this.length = n + 1;
    return at;
  }

  /** Removes `id`, which was inserted with `key`. Returns false when it is not there. */
  remove(id: number, key: number): boolean {
    for (let at = this.lowerBound(key); at < this.length && this.keys[at] === key; at++) {
      if (this.ids[at] !== id) continue;
      this.ids.copyWithin(at, at + 1, this.length);
      this.keys.copyWithin(at, at + 1, this.length);
      this.length--;
      return true;
    }
    return false;
  }

  private grow(capacity: number): void {
    const ids = new Int32Array(capacity);
    ids.set(this.ids);
    this.ids = ids;
    const keys = new Float64Array(capacity);
    keys.set(this.keys);
    this.keys = keys;
  }
}
