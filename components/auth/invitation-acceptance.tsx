"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import { SignInForm } from "@/components/auth/sign-in-form";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { InlineError } from "@/components/ui/inline-error";
import { LoadingBlock } from "@/components/ui/loading-block";
import { Notice } from "@/components/ui/notice";
import { isApiRequestError } from "@/lib/client/api-client";
import { describeApiError } from "@/lib/client/describe-api-error";
import { formatDateTime } from "@/lib/client/format-timestamp";
import { useAcceptInvitation, useInvitationPreview } from "@/lib/client/use-invitation";
import { isSignedOutError, useSignOut, useWhoAmI } from "@/lib/client/use-who-am-i";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

/**
 * What an invitation link offers, and the one next step: accept (signed in with the invited email), sign up with
 * the token (no account yet), or sign in and come back here (an account exists).
 */
export function InvitationAcceptance({ token }: { token: string }) {
  const t = useT();
  const locale = useLocale();
  const router = useRouter();
  const preview = useInvitationPreview(token);
  const whoAmI = useWhoAmI();
  const accept = useAcceptInvitation(token);
  const signOut = useSignOut();
  const [mode, setMode] = useState<"auto" | "sign-in" | "sign-up">("auto");
  const here = `/invitations/${encodeURIComponent(token)}`;

  if (preview.isPending || (whoAmI.isPending && !whoAmI.isError)) {
    return <LoadingBlock label={t("invitation.loading")} lines={4} />;
  }

  if (preview.isError) {
    const gone = isApiRequestError(preview.error) && preview.error.status === 404;
    return (
      <div className="space-y-4">
        <h1 className="text-xl font-semibold tracking-tight">{t("invitation.title")}</h1>
        <InlineError
          title={gone ? t("invitation.invalid") : describeApiError(t, preview.error)}
          action={
            gone ? null : (
              <Button size="sm" onClick={() => preview.refetch()}>
                {t("common.retry")}
              </Button>
            )
          }
        >
          {gone ? t("invitation.invalidHint") : null}
        </InlineError>
      </div>
    );
  }

  const invitation = preview.data;
  const me = whoAmI.data;
  const signedOut = whoAmI.isError && isSignedOutError(whoAmI.error);
  const role = t(`roles.${invitation.role}`);
  const alreadyMember = me?.tenants.some((tenant) => tenant.slug === invitation.tenantSlug) ?? false;

  const header = (
    <div className="mb-6 space-y-2">
      <h1 className="text-xl font-semibold tracking-tight">{t("invitation.heading", { tenant: invitation.tenantName })}</h1>
      <p className="text-sm text-muted-foreground">{t("invitation.summary", { email: invitation.email, role })}</p>
      <p className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
        <Badge>{role}</Badge>
        <span>{t("invitation.expires", { time: formatDateTime(invitation.expiresAt, locale) })}</span>
      </p>
    </div>
  );

  if (me) {
    const sameEmail = me.user.email.toLowerCase() === invitation.email.toLowerCase();
    return (
      <div>
        {header}
        <p className="mb-4 text-sm">{t("invitation.signedInAs", { name: me.user.name, email: me.user.email })}</p>
        {alreadyMember ? (
          <div className="space-y-4">
            <Notice>{t("invitation.alreadyMember")}</Notice>
            <Button variant="primary" className="w-full" onClick={() => router.push(`/${encodeURIComponent(invitation.tenantSlug)}`)}>
              {t("invitation.open", { tenant: invitation.tenantName })}
            </Button>
          </div>
        ) : (
          <div className="space-y-4">
            {sameEmail ? null : <Notice tone="warning">{t("invitation.otherEmail", { email: invitation.email })}</Notice>}
            <div aria-live="polite">{accept.isError ? <InlineError title={describeApiError(t, accept.error, { forbidden: t("invitation.otherEmail", { email: invitation.email }) })} /> : null}</div>
            <Button
              variant="primary"
              className="w-full"
              disabled={accept.isPending}
              disabledReason={sameEmail ? undefined : t("invitation.otherEmail", { email: invitation.email })}
              onClick={() =>
                accept.mutate(undefined, {
                  onSuccess: (membership) => {
                    router.push(`/${encodeURIComponent(membership.slug)}`);
                    router.refresh();
                  },
                })
              }
            >
              {accept.isPending ? t("invitation.accepting") : t("invitation.accept")}
            </Button>
            <Button variant="ghost" className="w-full" disabled={signOut.isPending} onClick={() => signOut.mutate(undefined, { onSuccess: () => window.location.reload() })}>
              {t("invitation.useOtherAccount")}
            </Button>
          </div>
        )}
      </div>
    );
  }

  if (!signedOut) {
    return (
      <div>
        {header}
        <InlineError
          title={describeApiError(t, whoAmI.error)}
          action={
            <Button size="sm" onClick={() => whoAmI.refetch()}>
              {t("common.retry")}
            </Button>
          }
        />
      </div>
    );
  }

  const showSignIn = mode === "sign-in" || (mode === "auto" && invitation.accountExists);
  return (
    <div>
      {header}
      <p className="mb-5 text-sm text-muted-foreground">{showSignIn ? t("invitation.signInToAccept") : t("invitation.signUpToAccept")}</p>
      {showSignIn ? (
        <SignInForm next={here} signUpHref={null} />
      ) : (
        <SignUpForm invitationToken={token} invitedEmail={invitation.email} signInHref={null} />
      )}
      <div className="mt-4 text-center">
        <Button variant="ghost" size="sm" onClick={() => setMode(showSignIn ? "sign-up" : "sign-in")}>
          {showSignIn ? t("invitation.switchToSignUp") : t("invitation.switchToSignIn")}
        </Button>
      </div>
    </div>
  );
}
