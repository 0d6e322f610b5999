/** Typed-array columns that grow by doubling; rows are addressed by a dense index. */
export type Column = Float64Array | Int32Array | Uint8Array | Int8Array;
type ColumnKind = 'f64' | 'i32' | 'u8' | 'i8';

const make = (kind: ColumnKind, n: number): Column =>
  kind === 'f64'
    ? new Float64Array(n)
    : kind === 'i32'
      ? new Int32Array(n)
      : kind === 'u8'
        ? new Uint8Array(n)
        : new Int8Array(n);

export class ColumnTable<K extends string> {
  /** One past the highest row written. */
  count = 0;
  readonly cols = {} as Record<K, Column>;
  private capacity = 0;
  private readonly spec: Record<K, [ColumnKind, number]>;

  /** `spec` names each column's array kind and the value of a row not written yet (NaN for unknown times). */
  constructor(spec: Record<K, [ColumnKind, number]>, capacity = 64) {
    this.spec = spec;
    for (const name of Object.keys(spec) as K[]) this.cols[name] = make(spec[name][0], 0);
    this.grow(capacity);
  }

  /** Makes row `i` addressable; rows created on the way hold their defaults. */
  ensure(i: number): void {
    if (i >= this.capacity) this.grow(Math.max(i + 1, this.capacity * 2));
    if (i >= this.count) this.count = i + 1;
  }

  clear(): void {
    this.count = 0;
    this.capacity = 0;
    for (const name of Object.keys(this.spec) as K[]) this.cols[name] = make(this.spec[name][0], 0);
    this.grow(64);
  }

  private grow(capacity: number): void {
    for (const name of Object.keys(this.spec) as K[]) {
      const [kind, fill] = this.spec[name];
      const next = make(kind, capacity);
      next.set(this.cols[name]);
      if (fill !== 0) next.fill(fill, this.capacity);
      this.cols[name] = next;
    }
    this.capacity = capacity;
  }
}
