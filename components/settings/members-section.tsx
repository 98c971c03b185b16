import { InvitationsList } from "@/components/settings/invitations-list";
import { InviteMemberForm } from "@/components/settings/invite-member-form";
import { MembersTable } from "@/components/settings/members-table";
import { getTranslations } from "@/lib/i18n/get-translations";

/** Who is in the tenant, inviting more people, and the invitations still open. */
export async function MembersSection({ tenant }: { tenant: string }) {
  const { t } = await getTranslations();
  return (
    <div className="space-y-10">
      <section aria-labelledby="members-heading" className="space-y-4">
        <div>
          <h2 id="members-heading" className="text-base font-semibold">
            {t("members.heading")}
          </h2>
          <p className="mt-1 text-sm text-muted-foreground">{t("members.description")}</p>
        </div>
        <MembersTable tenant={tenant} />
      </section>
      <section aria-labelledby="invite-heading" className="space-y-4">
        <div>
          <h2 id="invite-heading" className="text-base font-semibold">
            {t("invite.heading")}
          </h2>
          <p className="mt-1 text-sm text-muted-foreground">{t("invite.description")}</p>
        </div>
        <InviteMemberForm tenant={tenant} />
        <InvitationsList tenant={tenant} />
      </section>
    </div>
  );
}
