// GET /admin/export/download?format=zip|ndjson: the export itself (issue 14), streamed as
// it is read. Staff only; people's email addresses are in it for admins only.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportQuerySchema } from "~/schemas/export-import";
import { exportFileName, exportStream } from "~/services/export.server";
import { requireStaff } from "~/services/guards.server";
import { responseDrained } from "~/utils/request.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request);
  const { format } = exportQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const body = exportStream(format, staff, { signal: request.signal, drained: responseDrained(context) });
  return new Response(body, {
    headers: {
      "Content-Type": format === "zip" ? "application/zip" : "application/x-ndjson; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFileName(format)}"`,
      // no-transform: the compression middleware leaves it alone (a ZIP is compressed
      // already), so the response's own backpressure reaches the socket (app/server.ts).
      "Cache-Control": "private, no-store, no-transform",
    },
  });
}
