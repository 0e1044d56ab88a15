export interface CsvCellOptions {
  /** Prefix cells a spreadsheet would run as a formula (CSV injection), spec §11. */
  spreadsheetSafe: boolean;
}

const NEEDS_QUOTES = /[",\r\n]/;
const EVERY_QUOTE = /"/g;

function startsLikeFormula(value: string): boolean {
  switch (value.charCodeAt(0)) {
    case 0x3d: // =
    case 0x2b: // +
    case 0x2d: // -
    case 0x40: // @
    case 0x09: // TAB
    case 0x0d: // CR
      return true;
    default:
      return false;
  }
}

export function escapeCsvCell(value: string, options: CsvCellOptions): string {
  const cell = options.spreadsheetSafe && startsLikeFormula(value) ? `'${value}` : value;
  // Edge spaces are quoted too: many readers trim unquoted fields, which would change the value.
  const quote =
    NEEDS_QUOTES.test(cell) ||
    cell.charCodeAt(0) === 0x20 ||
    cell.charCodeAt(cell.length - 1) === 0x20;
  return quote ? `"${cell.replace(EVERY_QUOTE, '""')}"` : cell;
}

export function toCsvLine(values: readonly string[], options: CsvCellOptions): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ',';
    line += escapeCsvCell(values[i], options);
  }
  return line + '\r\n';
}
