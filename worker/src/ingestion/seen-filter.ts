// Probes per value. Three already make false positives rare at the intended load, and each
// more costs every row.
const HASHES = 3;

/**
 * A Bloom filter of the emails a load has seen: a fixed-size bit set, so memory stays the same
 * whatever the file's size. `checkAndAdd` answers false only for an email never added before;
 * it answers true for every repeat and, rarely, for a new email (a false positive).
 *
 * It lets the grouping (record-issues.ts) look only at the emails that may repeat: every
 * duplicate group has a row answered true (its second row, at the latest), so a group is
 * never missed, and a false positive only costs an email that turns out single. The groups
 * themselves are still decided exactly, by SQL on the email.
 *
 * Hand-written: it is a few lines on the path of every row of files of millions of rows, and
 * needs nothing but two 32-bit string hashes.
 */
export class SeenFilter {
  private readonly bits: Uint32Array;
  private readonly mask: number;

  /** `log2Bits` 26 is 8 MiB: about one false positive in 10,000 rows at a million emails. */
  constructor(log2Bits = 26) {
    if (!Number.isInteger(log2Bits) || log2Bits < 5 || log2Bits > 30) {
      throw new RangeError('log2Bits must be an integer from 5 to 30');
    }
    this.bits = new Uint32Array(2 ** (log2Bits - 5));
    this.mask = 2 ** log2Bits - 1;
  }

  checkAndAdd(value: string): boolean {
    // Two independent FNV-1a hashes of the UTF-16 code units; the k probe positions are
    // h1 + i·h2 (Kirsch-Mitzenmacher), which keeps the false-positive rate of k hashes.
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    h2 = (h2 ^ (h2 >>> 15)) | 1;
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
