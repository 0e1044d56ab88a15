// Bloom probes per value. Three already make false positives rare at the intended load, and each
// more costs every row.
const HASHES = 3;
// The table stops taking new emails at this share of its slots: linear probing stays short
// below it (about 2.5 probes for a miss at a half, 8.5 at three quarters).
const MAX_LOAD = 0.75;

/**
 * The emails a load has seen, and where each repeated email first appeared, in fixed memory.
 *
 * `checkAndAdd` answers false only for an email never added before; it answers true for every
 * repeat and, rarely, for a new email (a false positive). The answer is stored per row
 * (raw_rows.email_seen) and lets the grouping (record-issues.ts) look only at the emails that may
 * repeat: every duplicate group has a row answered true (its second row, at the latest).
 *
 * Until it fills, it is an open-addressing table of 32-bit fingerprints with the row each email
 * first appeared on: a repeat finds that row, and `firstRows` lists the first rows of the emails
 * that repeated. With them, the grouping reads the rows of every duplicate group through the
 * primary key instead of scanning every row of the job for the emails of the rows answered true.
 * Two emails with one fingerprint make the second answer true and point at the first one's row;
 * the grouping checks that every group it found has its first row, and scans when one has not.
 *
 * Once the table is full (more distinct emails than it holds), new emails go to a Bloom filter
 * instead, and `firstRows` answers null: the first rows of those emails are unknown.
 *
 * Hand-written: it is a few lines on the path of every row of files of millions of rows, and
 * needs nothing but two 32-bit string hashes.
 */
export class SeenFilter {
  /** Per slot: the fingerprint (odd, so 0 is an empty slot), then the first row (negated once listed). */
  private readonly slots: Int32Array;
  private readonly slotMask: number;
  private readonly maxEntries: number;
  private entries = 0;
  private overflow: BloomBits | null = null;
  private readonly log2Bits: number;
  /** The first rows listed so far; null once the table has overflowed and they are unknown. */
  private firsts: number[] | null = [];

  /**
   * `log2Slots` 21 is 16 MiB and holds 1.5 million distinct emails; `log2Bits` 26 is the 8 MiB
   * Bloom filter for the emails beyond them: about one false positive in 10,000 rows at a
   * million emails.
   */
  constructor({ log2Slots = 21, log2Bits = 26 }: { log2Slots?: number; log2Bits?: number } = {}) {
    if (!Number.isInteger(log2Slots) || log2Slots < 2 || log2Slots > 26) {
      throw new RangeError('log2Slots must be an integer from 2 to 26');
    }
    if (!Number.isInteger(log2Bits) || log2Bits < 5 || log2Bits > 30) {
      throw new RangeError('log2Bits must be an integer from 5 to 30');
    }
    this.slots = new Int32Array(2 ** (log2Slots + 1));
    this.slotMask = 2 ** log2Slots - 1;
    this.maxEntries = Math.floor(2 ** log2Slots * MAX_LOAD);
    this.log2Bits = log2Bits;
  }

  checkAndAdd(value: string, rowNumber: number): boolean {
    // Two independent FNV-1a hashes of the UTF-16 code units: the first places a value in the
    // table, the second is its fingerprint there; in the Bloom filter, the k probe positions are
    // h1 + i·h2 (Kirsch-Mitzenmacher), which keeps the false-positive rate of k hashes.
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    h2 = (h2 ^ (h2 >>> 15)) | 1;
    const slots = this.slots;
    let slot = (h1 ^ (h1 >>> 16)) & this.slotMask;
    for (;;) {
      const at = slot << 1;
      const fingerprint = slots[at];
      if (fingerprint === 0) {
        if (this.overflow) return this.overflow.checkAndAdd(h1, h2);
        if (this.entries === this.maxEntries) {
          this.overflow = new BloomBits(this.log2Bits);
          // Dropped, not kept growing with the repeats of the emails in the table beside the
          // Bloom filter's memory: some emails' first rows are unknown from now on.
          this.firsts = null;
          return this.overflow.checkAndAdd(h1, h2);
        }
        slots[at] = h2;
        slots[at + 1] = rowNumber;
        this.entries += 1;
        return false;
      }
      if (fingerprint === h2) {
        const first = slots[at + 1];
        if (first > 0) {
          this.firsts?.push(first);
          slots[at + 1] = -first;
        }
        return true;
      }
      slot = (slot + 1) & this.slotMask;
    }
  }

  /**
   * The first rows of the emails answered true so far, each once, in the order of their repeats;
   * null once the table has overflowed. A copy: the filter may go on.
   */
  firstRows(): number[] | null {
    return this.firsts && [...this.firsts];
  }
}

/** A Bloom filter over the two hashes SeenFilter computes: no false negatives. */
class BloomBits {
  private readonly bits: Uint32Array;
  private readonly mask: number;

  constructor(log2Bits: number) {
    this.bits = new Uint32Array(2 ** (log2Bits - 5));
    this.mask = 2 ** log2Bits - 1;
  }

  checkAndAdd(h1: number, h2: number): boolean {
    let seen = true;
    for (let k = 0; k < HASHES; k++) {
      const bit = (h1 + Math.imul(k, h2)) & this.mask;
      const word = bit >>> 5;
      const flag = 1 << (bit & 31);
      if ((this.bits[word] & flag) === 0) {
        seen = false;
        this.bits[word] |= flag;
      }
    }
    return seen;
  }
}
