// CSV downloads that open correctly in spreadsheets, for the staff's exports.
import { stringify } from "csv-stringify/sync";

/**
 * The rows as a CSV document (header first) that Excel and friends read as intended:
 * - `bom`: a UTF-8 byte order mark first, without which Excel reads the file in the
 *   machine's legacy code page and Arabic and Persian reasons come out as mojibake;
 * - `escape_formulas`: a cell starting with = + - @ (or a tab or carriage return) gets a
 *   leading apostrophe. Reasons and emails are written by customers, and a spreadsheet
 *   would run `=HYPERLINK(…)` or `@SUM(…)` as a formula on the staff member's machine
 *   (CSV injection); the apostrophe makes it plain text. Numbers are left alone, so a
 *   negative number stays a number.
 */
export function csvDocument(header: string[], rows: (string | number)[][]): string {
  return csvRows([header, ...rows], { bom: true });
}

/**
 * Rows of such a document, for one that is written in pieces (the export streams its
 * posts.csv): the first piece takes `bom` and the header, the later ones neither.
 */
export function csvRows(rows: (string | number)[][], options: { bom?: boolean } = {}): string {
  return stringify(rows, { bom: options.bom ?? false, escape_formulas: true });
}

/** A download of `csv` saved as `filename` (ASCII), never cached (it holds customers' answers). */
export function csvDownload(filename: string, csv: string): Response {
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
