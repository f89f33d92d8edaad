// Seeded randomness: the only source of random numbers in the project (same seed ⇒ same pixels).
// Generator: xoshiro128** (Blackman & Vigna 2018), 128-bit state, 32-bit outputs.

export interface Rng {
  uniform(): number; // [0,1)
  normal(): number; // N(0,1)
  fillNormal(out: Float32Array): Float32Array; // in place, returns out
  fork(label: number): Rng; // independent deterministic child stream (per seed/branch)
}

const GOLDEN = 0x9e3779b9;

// Murmur3 finaliser: a bijective 32-bit mixer.
function mix32(x: number): number {
  let h = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function splitInteger(value: number, what: string): [number, number] {
  if (!Number.isSafeInteger(value)) throw new Error(`${what} must be a safe integer, got ${value}`);
  const lo = value >>> 0;
  const hi = Math.floor(value / 4294967296) >>> 0;
  return [lo, hi];
}

// 128-bit key from a word sequence: four lanes absorb every word with distinct constants.
function deriveKey(words: readonly number[]): Uint32Array {
  const key = new Uint32Array(4);
  for (let lane = 0; lane < 4; lane++) {
    let h = mix32(Math.imul(lane + 1, GOLDEN));
    for (const word of words) h = mix32((h ^ word) + Math.imul(lane + 1, 0x7f4a7c15));
    key[lane] = h;
  }
  if (key[0] === 0 && key[1] === 0 && key[2] === 0 && key[3] === 0) key[0] = GOLDEN; // xoshiro forbids the zero state
  return key;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

class Xoshiro128 implements Rng {
  private readonly s: Uint32Array;
  private spareNormal: number | null = null;

  constructor(private readonly key: Uint32Array) {
    this.s = key.slice();
  }

  private next(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  uniform(): number {
    // 53 random bits: 27 from one draw, 26 from the next.
    return ((this.next() >>> 5) * 67108864 + (this.next() >>> 6)) / 9007199254740992;
  }

  normal(): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return z;
    }
    // Box–Muller; 1 − u ∈ (0, 1] keeps the logarithm finite.
    const radius = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    const angle = 2 * Math.PI * this.uniform();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  fillNormal(out: Float32Array): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = this.normal();
    return out;
  }

  // The child depends only on this stream's key and the label, not on how many numbers were drawn.
  fork(label: number): Rng {
    return new Xoshiro128(deriveKey([...this.key, ...splitInteger(label, 'fork label')]));
  }
}

export function createRng(seed: number): Rng {
  return new Xoshiro128(deriveKey(splitInteger(seed, 'seed')));
}

/** Uniform integer in [0, n). */
export function randomInt(rng: Rng, n: number): number {
  if (!Number.isInteger(n) || n <= 0) throw new Error(`randomInt needs a positive integer bound, got ${n}`);
  return Math.floor(rng.uniform() * n);
}

/** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
export function randomPermutation(rng: Rng, n: number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}
