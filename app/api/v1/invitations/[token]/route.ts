import { getInvitationOperation } from "@/lib/contracts/members";
import { route } from "@/lib/server/http/route";
import { previewInvitation } from "@/lib/server/tenancy/invitations";

export const dynamic = "force-dynamic";

// GET /api/v1/invitations/{token} — what the link offers, for the page that accepts it (the token is the secret).
export const GET = route(getInvitationOperation, async ({ params }) => previewInvitation(params.token));
