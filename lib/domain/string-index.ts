// Positions of distinct strings: the ARN lookups of the joins (docs/diagnosis.md), up to a million per view.
//
// A Map would do, and did, but with a million string keys it spent most of its time waiting for
// memory: it re-reads every key (each a scattered string, a cache miss) whenever it grows, and a
// lookup compares against the other keys of its bucket, reading those too. This table keeps each
// key's hash beside its position, in one typed array: growing reads no key, and a lookup reads only
// the key it is asked about and, when the hashes match, the one it is compared with.

/** Slots of the table: [position + 1 (0: empty), hash] pairs. */
const SLOT_WIDTH = 2;

export class StringIndex {
  private readonly keys: string[] = [];
  private table: Int32Array;
  /** Slots - 1 (a power of two minus one). */
  private mask: number;

  /** `expectedKeys`: how many keys will likely be added (the table grows past it when needed). */
  constructor(expectedKeys = 0) {
    let slots = 16;
    // At most half full, so that runs of taken slots stay short.
    while (slots < expectedKeys * 2) slots *= 2;
    this.table = new Int32Array(slots * SLOT_WIDTH);
    this.mask = slots - 1;
  }

  /** The position the key already had; or, when it had none, adds it (at position `size - 1`) and returns -1. */
  add(key: string): number {
    const hash = hashOf(key);
    const { table, mask } = this;
    let slot = hash & mask;
    for (; ; slot = (slot + 1) & mask) {
      const entry = table[slot * SLOT_WIDTH] as number;
      if (entry === 0) break;
      if (table[slot * SLOT_WIDTH + 1] === hash && this.keys[entry - 1] === key) return entry - 1;
    }
    this.keys.push(key);
    table[slot * SLOT_WIDTH] = this.keys.length;
    table[slot * SLOT_WIDTH + 1] = hash;
    if (this.keys.length * 2 > mask + 1) this.grow();
    return -1;
  }

  /** Twice the slots, placed again by their stored hashes (no key is read). */
  private grow(): void {
    const old = this.table;
    const mask = (this.mask + 1) * 2 - 1;
    const table = new Int32Array((mask + 1) * SLOT_WIDTH);
    for (let i = 0; i < old.length; i += SLOT_WIDTH) {
      const entry = old[i] as number;
      if (entry === 0) continue;
      const hash = old[i + 1] as number;
      let slot = hash & mask;
      while (table[slot * SLOT_WIDTH] !== 0) slot = (slot + 1) & mask;
      table[slot * SLOT_WIDTH] = entry;
      table[slot * SLOT_WIDTH + 1] = hash;
    }
    this.table = table;
    this.mask = mask;
  }
}

/**
 * FNV-1a over the UTF-16 code units (ARNs of one view differ only in their last characters, so every
 * one counts), then mixed so that the low bits, which pick the slot, depend on all of them.
 */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  return hash ^ (hash >>> 13);
}
