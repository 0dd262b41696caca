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

export type CsvRecord = { cells: string[]; line: number };

/**
 * Reads a CSV document (RFC 4180: commas, double-quoted cells with "" for a quote, CRLF
 * or LF, a leading byte order mark) into records, each with the line it starts on.
 * csv-parse is not among the installed packages, so this is the small reader the import
 * needs; it throws `CsvSyntaxError` for a quote left open.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let cellStarted = false;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const endRecord = () => {
    cells.push(cell);
    // A blank line is no record.
    if (!(cells.length === 1 && cells[0] === "" && !cellStarted)) records.push({ cells, line: recordLine });
    cells = [];
    cell = "";
    cellStarted = false;
  };
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i];
    if (quoted) {
      if (char === '"') {
        if (source[i + 1] === '"') {
          cell += '"';
          i += 1;
        } else quoted = false;
      } else {
        if (char === "\n") line += 1;
        cell += char;
      }
      continue;
    }
    if (char === '"' && cell === "") {
      quoted = true;
      cellStarted = true;
    } else if (char === ",") {
      cells.push(cell);
      cell = "";
      cellStarted = true;
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && source[i + 1] === "\n") i += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else {
      cell += char;
      cellStarted = true;
    }
  }
  if (quoted) throw new CsvSyntaxError(recordLine);
  if (cell !== "" || cells.length > 0 || cellStarted) endRecord();
  return records;
}

export class CsvSyntaxError extends Error {
  constructor(readonly line: number) {
    super(`A quoted cell that starts on line ${line} is never closed.`);
    this.name = "CsvSyntaxError";
  }
}
