// GET /api/v1/users?email= (issue 14): the account for one address, or 404. Never a list.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { userQuerySchema } from "~/schemas/api/people";
import { accountByEmail } from "~/services/users.server";
import { apiJson, authorizeApi, isoTime, problemFor, readApiQuery } from "~/utils/api.server";

export async function loader({ request }: LoaderFunctionArgs) {
  authorizeApi(request, "read");
  const { email } = readApiQuery(request, userQuerySchema);
  const found = accountByEmail(email);
  if (!found.ok) return problemFor(found);
  const user = found.value;
  return apiJson({
    id: user.id,
    email: user.email,
    name: user.displayName,
    role: user.role,
    claimed: user.passwordHash !== null,
    banned: user.bannedAt !== null,
    locale: user.locale,
    company: user.company,
    monthlySpend: user.monthlySpend,
    avatarUrl: user.avatarUrl,
    createdAt: isoTime(user.createdAt),
  });
}
