"use client";

import { QueryError } from "@/components/layout/query-error";
import { useState } from "react";

import { TenantStatusBadge } from "@/components/tenancy/tenant-status-badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { InlineError } from "@/components/ui/inline-error";
import { LoadingBlock } from "@/components/ui/loading-block";
import { Table, Td, Th } from "@/components/ui/table";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toast-provider";
import { isApiRequestError } from "@/lib/client/api-client";
import { describeApiError } from "@/lib/client/describe-api-error";
import { formatDateTime } from "@/lib/client/format-timestamp";
import { useOpsTenantAction, useOpsTenants } from "@/lib/client/use-ops-tenants";
import type { OpsTenant } from "@/lib/contracts/tenants";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

/** Every tenant on the platform, with suspend, resume and delete (which asks for the slug to be typed). */
export function OpsTenantsTable() {
  const t = useT();
  const locale = useLocale();
  const toast = useToast();
  const tenants = useOpsTenants();
  const action = useOpsTenantAction();
  const [deleting, setDeleting] = useState<OpsTenant | null>(null);
  const [typed, setTyped] = useState("");
  const [deleteError, setDeleteError] = useState<string | null>(null);

  if (tenants.isPending) return <LoadingBlock label={t("common.loading")} lines={5} />;
  if (tenants.isError) {
    if (isApiRequestError(tenants.error) && tenants.error.status === 403) {
      return (
        <EmptyState icon={<Icon name="compass" />} title={t("gate.adminsOnlyTitle")}>
          <p>{t("gate.adminsOnlyBody")}</p>
        </EmptyState>
      );
    }
    return (
      <QueryError title={t("opsTenants.loadFailed")} error={tenants.error} onRetry={() => tenants.refetch()} />
    );
  }
  if (tenants.data.items.length === 0) {
    return (
      <EmptyState icon={<Icon name="users" />} title={t("opsTenants.emptyTitle")}>
        <p>{t("opsTenants.emptyBody")}</p>
      </EmptyState>
    );
  }

  function run(kind: "suspend" | "resume", tenant: OpsTenant) {
    action.mutate(
      { kind, tenant: tenant.slug },
      {
        onSuccess: () => toast("success", kind === "suspend" ? t("opsTenants.suspended", { tenant: tenant.slug }) : t("opsTenants.resumed", { tenant: tenant.slug })),
        onError: (error) => toast("error", describeApiError(t, error)),
      },
    );
  }

  function confirmDelete() {
    if (!deleting) return;
    const tenant = deleting;
    action.mutate(
      { kind: "delete", tenant: tenant.slug, confirm: typed.trim() },
      {
        onSuccess: () => {
          setDeleting(null);
          toast("success", t("opsTenants.deleted", { tenant: tenant.slug }));
        },
        onError: (error) => setDeleteError(describeApiError(t, error)),
      },
    );
  }

  const busy = (slug: string) => action.isPending && action.variables?.tenant === slug;
  return (
    <>
      <Table caption={t("opsTenants.title")}>
        <thead>
          <tr>
            <Th>{t("opsTenants.tenant")}</Th>
            <Th>{t("overview.namespace")}</Th>
            <Th>{t("overview.status")}</Th>
            <Th className="text-right">{t("opsTenants.members")}</Th>
            <Th>{t("opsTenants.owners")}</Th>
            <Th>{t("overview.created")}</Th>
            <Th>
              <span className="sr-only">{t("common.actions")}</span>
            </Th>
          </tr>
        </thead>
        <tbody>
          {tenants.data.items.map((tenant) => (
            <tr key={tenant.id}>
              <Td>
                <span className="block font-medium">{tenant.name}</span>
                <span className="font-mono text-xs text-muted-foreground">{tenant.slug}</span>
              </Td>
              <Td className="font-mono text-xs">{tenant.namespace}</Td>
              <Td>
                <TenantStatusBadge status={tenant.status} />
                {tenant.status === "provisioning_failed" && tenant.provisioningError ? (
                  <span className="mt-1 block max-w-56 truncate text-xs text-muted-foreground" title={tenant.provisioningError}>
                    {tenant.provisioningError}
                  </span>
                ) : null}
              </Td>
              <Td className="text-right tabular-nums">{tenant.memberCount}</Td>
              <Td className="max-w-48 truncate text-muted-foreground" title={tenant.ownerEmails.join(", ")}>
                {tenant.ownerEmails.join(", ") || "—"}
              </Td>
              <Td className="whitespace-nowrap text-muted-foreground">{formatDateTime(tenant.createdAt, locale)}</Td>
              <Td>
                {tenant.status === "deleted" ? null : (
                  <div className="flex justify-end gap-1">
                    {tenant.status === "suspended" ? (
                      <Button size="sm" disabled={busy(tenant.slug)} onClick={() => run("resume", tenant)}>
                        {t("opsTenants.resume")}
                      </Button>
                    ) : (
                      <Button size="sm" disabled={busy(tenant.slug)} onClick={() => run("suspend", tenant)}>
                        {t("opsTenants.suspend")}
                      </Button>
                    )}
                    <Button
                      size="sm"
                      variant="ghost"
                      disabled={busy(tenant.slug)}
                      onClick={() => {
                        setTyped("");
                        setDeleteError(null);
                        setDeleting(tenant);
                      }}
                    >
                      {t("opsTenants.delete")}
                    </Button>
                  </div>
                )}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <ConfirmDialog
        open={deleting !== null}
        title={t("opsTenants.deleteTitle", { tenant: deleting?.name ?? "" })}
        description={t("opsTenants.deleteBody", { namespace: deleting?.namespace ?? "" })}
        confirmLabel={t("opsTenants.deleteConfirm")}
        cancelLabel={t("common.cancel")}
        pending={action.isPending}
        confirmDisabled={typed.trim() !== deleting?.slug}
        onCancel={() => setDeleting(null)}
        onConfirm={confirmDelete}
      >
        <div className="space-y-3">
          <TextField
            id="delete-tenant-confirm"
            autoComplete="off"
            autoFocus
            label={t("opsTenants.typeSlug", { slug: deleting?.slug ?? "" })}
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
          />
          <div aria-live="polite">{deleteError ? <InlineError title={deleteError} /> : null}</div>
        </div>
      </ConfirmDialog>
    </>
  );
}
