"use client";

import { QueryError } from "@/components/layout/query-error";
import { useState } from "react";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { LoadingBlock } from "@/components/ui/loading-block";
import { Notice } from "@/components/ui/notice";
import { Table, Td, Th } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast-provider";
import { describeApiError } from "@/lib/client/describe-api-error";
import { formatDateTime, formatRelative } from "@/lib/client/format-timestamp";
import { useApiKeys, useRevokeApiKey } from "@/lib/client/use-api-keys";
import { useTenantAccess } from "@/lib/client/use-tenant-access";
import type { ApiKey } from "@/lib/contracts/api-keys";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

/** The tenant's active keys (never the keys themselves), with revoke after a confirmation. */
export function ApiKeysTable({ tenant }: { tenant: string }) {
  const t = useT();
  const locale = useLocale();
  const toast = useToast();
  const { can, isPending: accessPending } = useTenantAccess(tenant);
  const mayRead = can("api-keys:read");
  const keys = useApiKeys(tenant, { enabled: mayRead });
  const revoke = useRevokeApiKey(tenant);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const reason = can("api-keys:write") ? undefined : t("permissions.needsDeveloper");

  if (accessPending) return <LoadingBlock label={t("common.loading")} lines={3} />;
  if (!mayRead) return <Notice>{t("apiKeys.cannotRead")}</Notice>;
  if (keys.isPending) return <LoadingBlock label={t("common.loading")} lines={3} />;
  if (keys.isError) {
    return (
      <QueryError title={t("apiKeys.loadFailed")} error={keys.error} onRetry={() => keys.refetch()} />
    );
  }
  if (keys.data.items.length === 0) {
    return (
      <EmptyState icon={<Icon name="gear" />} title={t("apiKeys.emptyTitle")} headingLevel={3}>
        <p>{t("apiKeys.emptyBody")}</p>
      </EmptyState>
    );
  }

  function confirmRevoke() {
    if (!revoking) return;
    const key = revoking;
    revoke.mutate(key.id, {
      onSuccess: () => {
        setRevoking(null);
        toast("success", t("apiKeys.revoked", { name: key.name }));
      },
      onError: (error) => toast("error", describeApiError(t, error)),
    });
  }

  return (
    <>
      <Table caption={t("apiKeys.heading")}>
        <thead>
          <tr>
            <Th>{t("apiKeys.name")}</Th>
            <Th>{t("apiKeys.prefix")}</Th>
            <Th>{t("apiKeys.role")}</Th>
            <Th>{t("apiKeys.created")}</Th>
            <Th>{t("apiKeys.expires")}</Th>
            <Th>{t("apiKeys.lastUsed")}</Th>
            <Th>
              <span className="sr-only">{t("common.actions")}</span>
            </Th>
          </tr>
        </thead>
        <tbody>
          {keys.data.items.map((key) => (
            <tr key={key.id}>
              <Td className="font-medium">{key.name}</Td>
              <Td className="font-mono text-xs">{key.prefix}…</Td>
              <Td>
                <Badge>{t(`roles.${key.role}`)}</Badge>
              </Td>
              <Td className="whitespace-nowrap text-muted-foreground">
                {formatDateTime(key.createdAt, locale)}
                {key.createdBy ? <span className="block text-xs">{key.createdBy}</span> : null}
              </Td>
              <Td className="whitespace-nowrap text-muted-foreground" title={key.expiresAt ? formatDateTime(key.expiresAt, locale) : undefined}>
                {key.expiresAt ? formatRelative(key.expiresAt, locale) : t("apiKeys.never")}
              </Td>
              <Td className="whitespace-nowrap text-muted-foreground" title={key.lastUsedAt ? formatDateTime(key.lastUsedAt, locale) : undefined}>
                {key.lastUsedAt ? formatRelative(key.lastUsedAt, locale) : t("apiKeys.neverUsed")}
              </Td>
              <Td className="text-right">
                <Button size="sm" variant="ghost" disabledReason={reason} onClick={() => setRevoking(key)}>
                  {t("apiKeys.revoke")}
                </Button>
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <ConfirmDialog
        open={revoking !== null}
        title={t("apiKeys.revokeTitle", { name: revoking?.name ?? "" })}
        description={t("apiKeys.revokeBody")}
        confirmLabel={t("apiKeys.revoke")}
        cancelLabel={t("common.cancel")}
        pending={revoke.isPending}
        onCancel={() => setRevoking(null)}
        onConfirm={confirmRevoke}
      />
    </>
  );
}
