/**
 * Seeded pseudo-random numbers (SPEC §8): sfc32 (Chris Doty-Humphrey's "small fast counting"
 * generator, PractRand-clean) seeded through splitmix32. Every random choice of a run comes from
 * an `Rng` derived from the run seed; nothing here touches `Math.random`.
 * Pure module: no DOM, React or tfjs.
 */

/** murmur3's 32-bit finaliser: a bijective avalanche of one 32-bit word. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit unsigned hash of a string (FNV-1a over UTF-16 code units, then murmur3's finaliser). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** splitmix32: expands one 32-bit seed into a stream of well-mixed words for seeding. */
function splitmix32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
}

/** A seeded sfc32 stream with a copyable state of four 32-bit words. */
export class Rng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  /** `seed` may be any finite number; integers beyond 32 bits keep their high bits. */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new Error(`Rng seed must be a finite number, got ${seed}`);
    const low = seed >>> 0;
    const high = Math.floor(seed / 0x100000000) >>> 0;
    this.seedWords(splitmix32(low ^ fmix32(high)));
  }

  private seedWords(words: () => number): void {
    this.a = words();
    this.b = words();
    this.c = words();
    this.d = words();
    // Warm-up recommended for sfc32 so that close seeds diverge before first use.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.nextUint32() / 0x100000000;
  }

  /** Uniform integer in 0..n-1; `n` must be a positive integer. */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1) throw new Error(`Rng.int needs a positive integer, got ${n}`);
    return Math.floor(this.next() * n);
  }

  /** Uniformly chosen element of a non-empty list. */
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('Rng.pick needs a non-empty list');
    return xs[this.int(xs.length)] as T;
  }

  /**
   * An independent child stream named by `label`, derived from this stream's current state.
   * The parent is not advanced, so forking the same label twice gives the same stream.
   */
  fork(label: string): Rng {
    const child = new Rng(0);
    let h = hashString(label);
    const mixed = [this.a, this.b, this.c, this.d].map((w) => {
      h = fmix32((h ^ w) + 0x9e3779b9);
      return h;
    });
    const material = splitmix32(fmix32(mixed[0]! ^ mixed[1]! ^ mixed[2]! ^ mixed[3]!));
    let i = 0;
    child.seedWords(() => (mixed[i++ % 4]! ^ material()) >>> 0);
    return child;
  }

  /** The four state words, for saving and restoring the stream. */
  getState(): number[] {
    return [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0];
  }

  setState(s: number[]): void {
    if (s.length !== 4 || !s.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff)) {
      throw new Error('Rng state must be four 32-bit unsigned integers');
    }
    [this.a, this.b, this.c, this.d] = s.map((w) => w | 0) as [number, number, number, number];
  }
}
