import type { Metadata } from "next";

import { InvitationAcceptance } from "@/components/auth/invitation-acceptance";
import { Card } from "@/components/ui/card";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  // The token is a secret: it stays out of the title (and so out of browser history titles and tab lists).
  return { title: t("invitation.title"), referrer: "no-referrer" };
}

/** The page an invitation link opens: accept when signed in, otherwise sign up (or sign in) to accept. */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <Card className="p-6 sm:p-8">
      <InvitationAcceptance token={token} />
    </Card>
  );
}
