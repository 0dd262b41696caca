// Any other path under /api: the API's own 404 problem, never the board's HTML page (issue 14).
import { problem } from "~/utils/api.server";

export const loader = () => problem(404, "error.notFound");
export const action = loader;
