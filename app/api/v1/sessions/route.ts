import { listSessionsOperation } from "@/lib/contracts/auth";
import { listUserSessions } from "@/lib/server/auth/sessions";
import { userRoute } from "@/lib/server/http/user-route";

export const dynamic = "force-dynamic";

// GET /api/v1/sessions — the caller's live sessions, the current one marked.
export const GET = userRoute(listSessionsOperation, async ({ actor }) => ({ items: await listUserSessions(actor.userId, actor.sessionId) }));
