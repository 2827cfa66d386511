// Deterministic pseudo-randomness: every property of the simulated account is a pure function of
// (seed, state machine, execution index), so nothing per execution has to be stored.

/** 32-bit mix of any number of integers (murmur3 finaliser over an FNV-style fold). */
export function hash32(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    // Fold the low and high 32 bits so indexes above 2^32 still mix.
    const lo = p >>> 0;
    const hi = Math.floor(p / 4294967296) >>> 0;
    h = Math.imul(h ^ lo, 0x01000193);
    h = Math.imul(h ^ hi, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Uniform in [0, 1). */
export function unit(...parts: number[]): number {
  return hash32(...parts) / 4294967296;
}

export function stringSeed(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

/** Poisson-distributed count with mean `lambda`, driven by one uniform (inverse CDF). */
export function poisson(lambda: number, u: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 30) {
    // Normal approximation keeps large bench rates cheap.
    const z = Math.sqrt(-2 * Math.log(Math.max(u, 1e-12))) * Math.cos(2 * Math.PI * ((u * 7919) % 1));
    return Math.max(0, Math.round(lambda + z * Math.sqrt(lambda)));
  }
  let k = 0;
  let p = Math.exp(-lambda);
  let cdf = p;
  while (u > cdf && k < 1000) {
    k++;
    p = (p * lambda) / k;
    cdf += p;
  }
  return k;
}
