// The one CSV writer of every export: RFC 4180 quoting, CRLF lines, a UTF-8 byte-order mark so Excel
// reads accents right, and cells that start with = + - @ (or a tab/CR) escaped with a leading quote so
// a spreadsheet never runs them as formulas.
import Papa from 'papaparse';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

const BOM = '\ufeff';
const options = { newline: '\r\n', escapeFormulae: true } as const;

export type CsvCell = string | number | boolean | null | undefined;

/** Rows (no header) as CSV lines, each ending in CRLF; '' for no rows. */
export function csvLines(rows: CsvCell[][]): string {
  if (rows.length === 0) return '';
  return `${Papa.unparse(rows, options)}\r\n`;
}

/** The start of a CSV file: the byte-order mark and the header line. */
export function csvHeader(columns: string[]): string {
  return `${BOM}${csvLines([columns])}`;
}

/** A whole CSV file in one string: header and rows. */
export function toCsv(columns: string[], rows: CsvCell[][]): string {
  return `${BOM}${Papa.unparse([columns, ...rows], options)}`;
}
