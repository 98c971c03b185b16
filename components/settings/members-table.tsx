"use client";

import { QueryError } from "@/components/layout/query-error";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { roleOptions } from "@/components/settings/role-options";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { InlineError } from "@/components/ui/inline-error";
import { LoadingBlock } from "@/components/ui/loading-block";
import { SelectField } from "@/components/ui/select-field";
import { Table, Td, Th } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast-provider";
import { describeApiError } from "@/lib/client/describe-api-error";
import { formatDateTime } from "@/lib/client/format-timestamp";
import { useMembers, useRemoveMember, useUpdateMember } from "@/lib/client/use-members";
import { useTenantAccess } from "@/lib/client/use-tenant-access";
import { useWhoAmI } from "@/lib/client/use-who-am-i";
import { TenantRole } from "@/lib/contracts/permissions";
import type { Member } from "@/lib/contracts/members";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

/** Members with their roles: change a role in place, remove someone (or leave) after a confirmation. */
export function MembersTable({ tenant }: { tenant: string }) {
  const t = useT();
  const locale = useLocale();
  const router = useRouter();
  const toast = useToast();
  const members = useMembers(tenant);
  const whoAmI = useWhoAmI();
  const { can } = useTenantAccess(tenant);
  const update = useUpdateMember(tenant);
  const remove = useRemoveMember(tenant);
  const [removing, setRemoving] = useState<Member | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);

  const me = whoAmI.data?.user.id;
  const mayManage = can("members:write");
  const reason = mayManage ? undefined : t("permissions.needsAdmin");
  // Both failures of the last owner (demote, leave) arrive as 409; this is what they mean here.
  const lastOwner = { conflict: t("members.lastOwner") };
  const allRoles = roleOptions(t, undefined);

  if (members.isPending) return <LoadingBlock label={t("common.loading")} lines={3} />;
  if (members.isError) {
    return (
      <QueryError title={t("members.loadFailed")} error={members.error} onRetry={() => members.refetch()} />
    );
  }
  if (members.data.items.length === 0) return <EmptyState title={t("members.empty")} headingLevel={3} />;

  function changeRole(member: Member, value: string) {
    const role = TenantRole.safeParse(value);
    if (!role.success || role.data === member.role) return;
    update.mutate(
      { userId: member.userId, role: role.data },
      {
        onSuccess: () => toast("success", t("members.roleChanged", { name: member.name, role: t(`roles.${role.data}`) })),
        onError: (error) => toast("error", describeApiError(t, error, lastOwner)),
      },
    );
  }

  function confirmRemove() {
    if (!removing) return;
    const member = removing;
    const leaving = member.userId === me;
    remove.mutate(member.userId, {
      onSuccess: () => {
        setRemoving(null);
        setRemoveError(null);
        toast("success", leaving ? t("members.left") : t("members.removed", { name: member.name }));
        if (leaving) router.replace("/");
      },
      onError: (error) => setRemoveError(describeApiError(t, error, lastOwner)),
    });
  }

  return (
    <>
      <Table caption={t("members.heading")}>
        <thead>
          <tr>
            <Th>{t("members.name")}</Th>
            <Th>{t("members.email")}</Th>
            <Th>{t("members.role")}</Th>
            <Th>{t("members.joined")}</Th>
            <Th>
              <span className="sr-only">{t("common.actions")}</span>
            </Th>
          </tr>
        </thead>
        <tbody>
          {members.data.items.map((member) => {
            const isMe = member.userId === me;
            const pendingRow = update.isPending && update.variables?.userId === member.userId;
            return (
              <tr key={member.userId}>
                <Td className="font-medium">
                  {member.name} {isMe ? <Badge className="ml-1.5">{t("members.you")}</Badge> : null}
                </Td>
                <Td className="text-muted-foreground">{member.email}</Td>
                <Td className="min-w-40">
                  <SelectField
                    id={`role-${member.userId}`}
                    label={t("members.roleOf", { name: member.name })}
                    hideLabel
                    // Every role is listed so the member's current one always shows; the server refuses what the caller may not grant.
                    options={allRoles}
                    value={member.role}
                    onChange={(event) => changeRole(member, event.target.value)}
                    disabled={!mayManage || pendingRow}
                    title={reason}
                  />
                </Td>
                <Td className="whitespace-nowrap text-muted-foreground">{formatDateTime(member.joinedAt, locale)}</Td>
                <Td className="text-right">
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => {
                      setRemoveError(null);
                      setRemoving(member);
                    }}
                    // Anyone may leave; removing others needs members:write.
                    disabledReason={isMe || mayManage ? undefined : reason}
                  >
                    {isMe ? t("members.leave") : t("members.remove")}
                  </Button>
                </Td>
              </tr>
            );
          })}
        </tbody>
      </Table>
      <ConfirmDialog
        open={removing !== null}
        title={removing?.userId === me ? t("members.leaveTitle") : t("members.removeTitle", { name: removing?.name ?? "" })}
        description={removing?.userId === me ? t("members.leaveBody") : t("members.removeBody", { email: removing?.email ?? "" })}
        confirmLabel={removing?.userId === me ? t("members.leave") : t("members.remove")}
        cancelLabel={t("common.cancel")}
        pending={remove.isPending}
        onCancel={() => setRemoving(null)}
        onConfirm={confirmRemove}
      >
        <div aria-live="polite">{removeError ? <InlineError title={removeError} /> : null}</div>
      </ConfirmDialog>
    </>
  );
}
