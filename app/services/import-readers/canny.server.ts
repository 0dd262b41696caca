// (stub: replaced at merge) The Canny reader is written by the import-formats helper on its
// own branch; until the merge this stand-in refuses every file, so choosing "Canny" on
// /admin/import says so beside the file field instead of failing.
import type { ImportReader } from "../import-types";
import { ImportFileError } from "./files.server";

export const readCannyExport: ImportReader = () => {
  throw new ImportFileError("import.error.readerMissing");
};
