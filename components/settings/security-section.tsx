import { ChangePasswordForm } from "@/components/settings/change-password-form";
import { SessionsList } from "@/components/settings/sessions-list";
import { TwoFactorPanel } from "@/components/settings/two-factor-panel";
import { getTranslations } from "@/lib/i18n/get-translations";

/** The signed-in user's own security: where they are signed in, their password, and two-factor. */
export async function SecuritySection() {
  const { t } = await getTranslations();
  return (
    <div className="space-y-10">
      <p className="text-sm text-muted-foreground">{t("security.accountLevel")}</p>
      <section aria-labelledby="sessions-heading" className="space-y-4">
        <div>
          <h2 id="sessions-heading" className="text-base font-semibold">
            {t("sessions.heading")}
          </h2>
          <p className="mt-1 text-sm text-muted-foreground">{t("sessions.description")}</p>
        </div>
        <SessionsList />
      </section>
      <section aria-labelledby="password-heading" className="space-y-4">
        <div>
          <h2 id="password-heading" className="text-base font-semibold">
            {t("password.heading")}
          </h2>
          <p className="mt-1 text-sm text-muted-foreground">{t("password.description")}</p>
        </div>
        <ChangePasswordForm />
      </section>
      <section aria-labelledby="two-factor-heading" className="space-y-4">
        <div>
          <h2 id="two-factor-heading" className="text-base font-semibold">
            {t("twoFactor.heading")}
          </h2>
          <p className="mt-1 text-sm text-muted-foreground">{t("twoFactor.description")}</p>
        </div>
        <TwoFactorPanel />
      </section>
    </div>
  );
}
