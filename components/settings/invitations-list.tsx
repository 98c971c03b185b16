"use client";

import { QueryError } from "@/components/layout/query-error";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { LoadingBlock } from "@/components/ui/loading-block";
import { Table, Td, Th } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast-provider";
import { describeApiError } from "@/lib/client/describe-api-error";
import { formatDateTime } from "@/lib/client/format-timestamp";
import { useInvitations, useRevokeInvitation } from "@/lib/client/use-members";
import { useTenantAccess } from "@/lib/client/use-tenant-access";
import type { Invitation } from "@/lib/contracts/members";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

const statusTones: Record<Invitation["status"], BadgeTone> = { pending: "info", accepted: "success", revoked: "neutral", expired: "neutral" };

/** Invitations of the tenant, pending ones first, with revoke for those still open. */
export function InvitationsList({ tenant }: { tenant: string }) {
  const t = useT();
  const locale = useLocale();
  const toast = useToast();
  const invitations = useInvitations(tenant);
  const revoke = useRevokeInvitation(tenant);
  const { can } = useTenantAccess(tenant);
  const reason = can("members:write") ? undefined : t("permissions.needsAdmin");

  const heading = <h3 className="text-sm font-semibold">{t("invitations.heading")}</h3>;
  if (invitations.isPending) return <LoadingBlock label={t("common.loading")} lines={2} />;
  if (invitations.isError) {
    return (
      <div className="space-y-3">
        {heading}
        <QueryError title={t("invitations.loadFailed")} error={invitations.error} onRetry={() => invitations.refetch()} />
      </div>
    );
  }

  // Accepted and revoked invitations are history; the audit log keeps them. Here: what is still open, then the rest.
  const items = [...invitations.data.items].sort((a, b) => Number(b.status === "pending") - Number(a.status === "pending"));
  return (
    <div className="space-y-3">
      {heading}
      {items.length === 0 ? (
        <p className="text-sm text-muted-foreground">{t("invitations.empty")}</p>
      ) : (
        <Table caption={t("invitations.heading")}>
          <thead>
            <tr>
              <Th>{t("members.email")}</Th>
              <Th>{t("members.role")}</Th>
              <Th>{t("invitations.status")}</Th>
              <Th>{t("invitations.invitedBy")}</Th>
              <Th>{t("invitations.expires")}</Th>
              <Th>
                <span className="sr-only">{t("common.actions")}</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {items.map((invitation) => (
              <tr key={invitation.id}>
                <Td className="font-medium">{invitation.email}</Td>
                <Td>{t(`roles.${invitation.role}`)}</Td>
                <Td>
                  <Badge tone={statusTones[invitation.status]}>{t(`invitations.statuses.${invitation.status}`)}</Badge>
                </Td>
                <Td className="text-muted-foreground">{invitation.invitedBy ?? "—"}</Td>
                <Td className="whitespace-nowrap text-muted-foreground">{formatDateTime(invitation.expiresAt, locale)}</Td>
                <Td className="text-right">
                  {invitation.status === "pending" ? (
                    <Button
                      size="sm"
                      variant="ghost"
                      disabled={revoke.isPending && revoke.variables === invitation.id}
                      disabledReason={reason}
                      onClick={() =>
                        revoke.mutate(invitation.id, {
                          onSuccess: () => toast("success", t("invitations.revoked", { email: invitation.email })),
                          onError: (error) => toast("error", describeApiError(t, error)),
                        })
                      }
                    >
                      {t("invitations.revoke")}
                    </Button>
                  ) : null}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}
