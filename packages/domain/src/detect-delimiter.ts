export type Delimiter = ',' | ';' | '\t' | '|';

// Also the tie-break order: a file that could be either is most likely comma-separated.
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];

export const DELIMITER_SAMPLE_BYTES = 65536;

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

function candidateIndex(code: number): number {
  switch (code) {
    case 0x2c:
      return 0;
    case 0x3b:
      return 1;
    case 0x09:
      return 2;
    case 0x7c:
      return 3;
    default:
      return -1;
  }
}

function isWhiteSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0a;
}

/**
 * Spec §3. Counts each candidate outside quotes, per record; among the candidates that occur in
 * the header, picks the one whose count is the header's on the most records, then the one with
 * more header columns, then the earlier in DELIMITERS. A quote opens a field only at its start,
 * after any candidate, because the real delimiter is not known yet.
 */
export function detectDelimiter(sample: string): Delimiter {
  const counts = [0, 0, 0, 0];
  let header: number[] | null = null;
  const consistent = [0, 0, 0, 0];
  let hasContent = false;
  let inQuotes = false;
  let atFieldStart = true;

  const endRecord = (): void => {
    // Blank lines and all-blank records are not rows (spec §3), so they prove nothing.
    if (hasContent) {
      if (header === null) {
        header = counts.slice();
      } else {
        for (let k = 0; k < counts.length; k++) {
          if (counts[k] === header[k]) consistent[k]++;
        }
      }
    }
    counts.fill(0);
    hasContent = false;
    atFieldStart = true;
  };

  const length = sample.length;
  for (let i = 0; i < length; i++) {
    const code = sample.charCodeAt(i);
    if (inQuotes) {
      if (code === QUOTE) {
        if (sample.charCodeAt(i + 1) === QUOTE) i++;
        else inQuotes = false;
      } else if (!isWhiteSpace(code)) {
        hasContent = true;
      }
      continue;
    }
    if (code === QUOTE && atFieldStart) {
      inQuotes = true;
      atFieldStart = false;
      continue;
    }
    if (code === CR || code === LF) {
      if (code === CR && sample.charCodeAt(i + 1) === LF) i++;
      endRecord();
      continue;
    }
    const k = candidateIndex(code);
    if (k >= 0) {
      counts[k]++;
      atFieldStart = true;
      continue;
    }
    atFieldStart = false;
    if (!isWhiteSpace(code)) hasContent = true;
  }
  // The sample is cut at an arbitrary point: a last record without its line break (or inside a
  // quote) may be incomplete, so it only counts when there is nothing else to go on.
  if (header === null) endRecord();

  const headerCounts: number[] | null = header;
  if (headerCounts === null) return ',';
  let best = -1;
  for (let k = 0; k < DELIMITERS.length; k++) {
    if (headerCounts[k] === 0) continue;
    if (best < 0) {
      best = k;
      continue;
    }
    // Compared as counts, not ratios: every candidate has the same number of data records.
    if (
      consistent[k] > consistent[best] ||
      (consistent[k] === consistent[best] && headerCounts[k] > headerCounts[best])
    ) {
      best = k;
    }
  }
  return best < 0 ? ',' : DELIMITERS[best];
}
