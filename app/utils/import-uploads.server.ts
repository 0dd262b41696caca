// The import's uploaded file between the dry run and "Import" (issue 14). The upload is
// streamed to a temporary file (never held whole in memory while it arrives), named by a
// random token, and kept for IMPORT_UPLOAD_TTL_MS beside a small JSON of who uploaded it
// and how it is to be read. The second step names the token only: the admin does not send
// the file twice, and what is imported is exactly what the dry run showed.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  MaxPartSizeExceededError,
  unstable_composeUploadHandlers,
  unstable_createFileUploadHandler,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  NodeOnDiskFile,
} from "@remix-run/node";

/** The largest file the import takes (app/server.ts lets this route's body be this large, plus the form). */
export const IMPORT_MAX_FILE_BYTES = 20 * 1024 * 1024;
/** The whole request: the file, and a little room for the other fields and the multipart framing. */
const MAX_REQUEST_BYTES = IMPORT_MAX_FILE_BYTES + 256 * 1024;
const MAX_FIELD_BYTES = 4 * 1024;
export const IMPORT_UPLOAD_TTL_MS = 60 * 60 * 1000;
const TOKEN = /^[a-f0-9]{32}$/;

function uploadDirectory(): string {
  return path.join(os.tmpdir(), "closeloop-imports");
}

export type UploadMeta = { token: string; adminId: number; fileName: string; fields: Record<string, string>; savedAt: number };

export type ReceivedUpload =
  | { ok: true; meta: UploadMeta }
  | { ok: false; error: "import.error.fileTooLarge" | "import.error.fileMissing" | "import.error.uploadFailed"; fields: Record<string, string> };

/** The request's body, cut off with an error past `limit` bytes, whatever Content-Length said. */
function limitedBody(request: Request, limit: number): ReadableStream<Uint8Array> | null {
  if (!request.body) return null;
  let seen = 0;
  return request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limit) controller.error(new MaxPartSizeExceededError("request", limit));
        else controller.enqueue(chunk);
      },
    }),
  );
}

async function sweepExpired(now: number): Promise<void> {
  const directory = uploadDirectory();
  const names = await fs.readdir(directory).catch(() => [] as string[]);
  await Promise.all(
    names.map(async (name) => {
      const file = path.join(directory, name);
      const stat = await fs.stat(file).catch(() => null);
      if (stat && now - stat.mtimeMs > IMPORT_UPLOAD_TTL_MS) await fs.rm(file, { force: true });
    }),
  );
}

/** Reads a multipart import form: the `file` part to a temporary file, the other fields (small) to memory. */
export async function receiveImportUpload(request: Request, adminId: number, now = Date.now()): Promise<ReceivedUpload> {
  await sweepExpired(now);
  const directory = uploadDirectory();
  await fs.mkdir(directory, { recursive: true, mode: 0o700 });
  const token = randomBytes(16).toString("hex");
  const fields: Record<string, string> = {};
  // The file on disk is named by the token; the name the admin's file had is kept here.
  let originalName = "";
  let form: FormData;
  try {
    const body = limitedBody(request, MAX_REQUEST_BYTES);
    const limited = new Request(request.url, { method: "POST", headers: request.headers, body, duplex: "half" } as RequestInit);
    form = await unstable_parseMultipartFormData(
      limited,
      unstable_composeUploadHandlers(
        unstable_createFileUploadHandler({
          directory,
          file: ({ filename }) => {
            originalName = filename;
            return `${token}.upload`;
          },
          avoidFileConflicts: false,
          maxPartSize: IMPORT_MAX_FILE_BYTES,
          filter: ({ name }) => name === "file",
        }),
        // Everything else is a short text field; a file under another name is dropped.
        async (part) => {
          if (part.filename !== undefined) {
            for await (const chunk of part.data) void chunk;
            return undefined;
          }
          return unstable_createMemoryUploadHandler({ maxPartSize: MAX_FIELD_BYTES })(part);
        },
      ),
    );
  } catch (error) {
    await fs.rm(path.join(directory, `${token}.upload`), { force: true });
    if (error instanceof MaxPartSizeExceededError) return { ok: false, error: "import.error.fileTooLarge", fields };
    console.warn(`import: an upload could not be read: ${error instanceof Error ? error.message : String(error)}`);
    return { ok: false, error: "import.error.uploadFailed", fields };
  }
  for (const [key, value] of form) if (typeof value === "string") fields[key] = value;
  const file = form.get("file");
  if (!(file instanceof NodeOnDiskFile) || file.size === 0) {
    await fs.rm(path.join(directory, `${token}.upload`), { force: true });
    return { ok: false, error: "import.error.fileMissing", fields };
  }
  const meta: UploadMeta = { token, adminId, fileName: path.basename(originalName.replace(/\\/g, "/")).slice(0, 200), fields, savedAt: now };
  await fs.writeFile(path.join(directory, `${token}.json`), JSON.stringify(meta), { mode: 0o600 });
  return { ok: true, meta };
}

/** The upload and its bytes, if the token is live and was this admin's. */
export async function loadImportUpload(token: string, adminId: number, now = Date.now()): Promise<{ meta: UploadMeta; bytes: Uint8Array } | null> {
  if (!TOKEN.test(token)) return null;
  const directory = uploadDirectory();
  try {
    const meta = JSON.parse(await fs.readFile(path.join(directory, `${token}.json`), "utf8")) as UploadMeta;
    if (meta.adminId !== adminId || now - meta.savedAt > IMPORT_UPLOAD_TTL_MS) return null;
    return { meta, bytes: new Uint8Array(await fs.readFile(path.join(directory, `${token}.upload`))) };
  } catch {
    return null;
  }
}

export async function discardImportUpload(token: string): Promise<void> {
  if (!TOKEN.test(token)) return;
  const directory = uploadDirectory();
  await Promise.all([fs.rm(path.join(directory, `${token}.json`), { force: true }), fs.rm(path.join(directory, `${token}.upload`), { force: true })]);
}
