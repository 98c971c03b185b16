"use client";

import { QueryError } from "@/components/layout/query-error";
import Link from "next/link";
import type { ReactNode } from "react";

import { TenantUsageCard } from "@/components/metrics/tenant-usage-card";
import { TenantStatusBadge } from "@/components/tenancy/tenant-status-badge";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Icon, type IconName } from "@/components/ui/icon";
import { InlineError } from "@/components/ui/inline-error";
import { LoadingBlock } from "@/components/ui/loading-block";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast-provider";
import { describeApiError } from "@/lib/client/describe-api-error";
import { formatCpuMillicores, formatMemoryMiB } from "@/lib/client/format-quantity";
import { formatDateTime } from "@/lib/client/format-timestamp";
import { useMembers } from "@/lib/client/use-members";
import { useProvisionTenant, useTenant } from "@/lib/client/use-tenant";
import { useTenantAccess } from "@/lib/client/use-tenant-access";
import type { TenantDetail } from "@/lib/contracts/tenants";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-muted-foreground">{label}</dt>
      <dd className="mt-1 truncate text-sm text-foreground">{children}</dd>
    </div>
  );
}

/** The tenant's home: who and where it is, whether it is usable, what its plan allows, and where to go next. */
export function TenantOverview({ tenant }: { tenant: string }) {
  const t = useT();
  const query = useTenant(tenant);

  if (query.isPending) {
    return (
      <div className="space-y-8">
        <PageHeader title={t("overview.title")} description={t("overview.description", { tenant })} />
        <LoadingBlock label={t("common.loading")} lines={6} />
      </div>
    );
  }
  if (query.isError) {
    return (
      <div className="space-y-8">
        <PageHeader title={t("overview.title")} description={t("overview.description", { tenant })} />
        <QueryError title={t("overview.loadFailed")} error={query.error} onRetry={() => query.refetch()} />
      </div>
    );
  }
  return <OverviewContent detail={query.data} />;
}

function OverviewContent({ detail }: { detail: TenantDetail }) {
  const t = useT();
  const locale = useLocale();
  const slug = detail.slug;
  const base = `/${encodeURIComponent(slug)}`;

  return (
    <div className="space-y-8">
      <PageHeader title={detail.name} description={t("overview.description", { tenant: slug })} />
      <StatusPanel detail={detail} />

      <Card className="p-6">
        <h2 className="text-base font-semibold">{t("overview.tenantHeading")}</h2>
        <dl className="mt-4 grid grid-cols-1 gap-x-8 gap-y-4 sm:grid-cols-2 lg:grid-cols-3">
          <Fact label={t("overview.slug")}>
            <span className="font-mono">{slug}</span>
          </Fact>
          <Fact label={t("overview.namespace")}>
            <span className="font-mono" data-testid="tenant-namespace">
              {detail.namespace}
            </span>
          </Fact>
          <Fact label={t("overview.status")}>
            <TenantStatusBadge status={detail.status} />
          </Fact>
          <Fact label={t("overview.plan")}>{detail.quota.plan || detail.plan}</Fact>
          <Fact label={t("overview.yourRole")}>
            <Badge>{t(`roles.${detail.role}`)}</Badge>
          </Fact>
          <Fact label={t("overview.created")}>{formatDateTime(detail.createdAt, locale)}</Fact>
        </dl>
      </Card>

      <div className="grid gap-6 lg:grid-cols-3">
        <section aria-labelledby="quota-heading" className="space-y-3 lg:col-span-2">
          <h2 id="quota-heading" className="text-base font-semibold">
            {t("overview.quotaHeading", { plan: detail.quota.plan || detail.plan })}
          </h2>
          <Table caption={t("overview.quotaCaption")}>
            <thead>
              <tr>
                <Th>{t("overview.resource")}</Th>
                <Th className="text-right">{t("overview.requests")}</Th>
                <Th className="text-right">{t("overview.limits")}</Th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <Td>{t("overview.cpu")}</Td>
                <Td className="text-right font-mono tabular-nums">{formatCpuMillicores(detail.quota.requestsCpuMillicores, locale)}</Td>
                <Td className="text-right font-mono tabular-nums">{formatCpuMillicores(detail.quota.limitsCpuMillicores, locale)}</Td>
              </tr>
              <tr>
                <Td>{t("overview.memory")}</Td>
                <Td className="text-right font-mono tabular-nums">{formatMemoryMiB(detail.quota.requestsMemoryMiB, locale)}</Td>
                <Td className="text-right font-mono tabular-nums">{formatMemoryMiB(detail.quota.limitsMemoryMiB, locale)}</Td>
              </tr>
              <tr>
                <Td>{t("overview.pods")}</Td>
                <Td className="text-right font-mono tabular-nums" colSpan={2}>
                  {detail.quota.pods}
                </Td>
              </tr>
            </tbody>
          </Table>
        </section>

        <MembersCard tenant={slug} />
      </div>

      {detail.status === "active" || detail.status === "suspended" ? <TenantUsageCard tenant={slug} /> : null}

      <section aria-labelledby="quick-links-heading" className="space-y-3">
        <h2 id="quick-links-heading" className="text-base font-semibold">
          {t("overview.quickLinks")}
        </h2>
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <QuickLink href={`${base}/deployments`} icon="layers" label={t("nav.deployments")} />
          <QuickLink href={`${base}/images`} icon="box" label={t("nav.images")} />
          <QuickLink href={`${base}/settings?tab=members`} icon="users" label={t("settings.tabs.members")} />
          <QuickLink href={`${base}/settings?tab=api-keys`} icon="gear" label={t("settings.tabs.apiKeys")} />
        </ul>
      </section>
    </div>
  );
}

function QuickLink({ href, icon, label }: { href: string; icon: IconName; label: string }) {
  return (
    <li>
      <Link href={href} className="flex items-center gap-3 rounded-xl border border-border bg-surface px-4 py-3 text-sm font-medium shadow-xs hover:bg-muted">
        <Icon name={icon} className="size-4 text-brand" />
        {label}
      </Link>
    </li>
  );
}

function MembersCard({ tenant }: { tenant: string }) {
  const t = useT();
  const members = useMembers(tenant);
  return (
    <Card className="flex flex-col p-6">
      <h2 className="text-base font-semibold">{t("overview.membersHeading")}</h2>
      <div className="mt-3 flex-1">
        {members.isPending ? <LoadingBlock label={t("common.loading")} lines={1} /> : null}
        {members.isError ? <p className="text-sm text-muted-foreground">{describeApiError(t, members.error)}</p> : null}
        {members.isSuccess ? (
          <p className="text-3xl font-semibold tabular-nums" data-testid="member-count">
            {members.data.items.length}
          </p>
        ) : null}
      </div>
      <Link href={`/${encodeURIComponent(tenant)}/settings?tab=members`} className="mt-4 text-sm font-medium underline-offset-4 hover:underline">
        {t("overview.manageMembers")}
      </Link>
    </Card>
  );
}

/** Provisioning state in words, with the retry a failed setup needs (for roles that may run it). */
function StatusPanel({ detail }: { detail: TenantDetail }) {
  const t = useT();
  const toast = useToast();
  const provision = useProvisionTenant(detail.slug);
  const { can } = useTenantAccess(detail.slug);

  if (detail.status === "provisioning") {
    return (
      <div role="status">
        <Notice>{t("overview.provisioning")}</Notice>
      </div>
    );
  }
  if (detail.status === "suspended") return <Notice tone="warning">{t("overview.suspended")}</Notice>;
  if (detail.status === "deleted") return <Notice tone="warning">{t("overview.deleted")}</Notice>;
  if (detail.status !== "provisioning_failed") return null;

  return (
    <InlineError
      title={t("overview.provisioningFailed")}
      action={
        <Button
          size="sm"
          variant="primary"
          disabled={provision.isPending}
          disabledReason={can("tenant:write") ? undefined : t("permissions.needsAdmin")}
          onClick={() =>
            provision.mutate(undefined, {
              onSuccess: (next) =>
                toast(next.status === "active" ? "success" : "error", next.status === "active" ? t("overview.provisionedNow") : t("overview.provisioningFailed")),
              onError: (error) => toast("error", describeApiError(t, error)),
            })
          }
        >
          {provision.isPending ? t("overview.retrying") : t("overview.retry")}
        </Button>
      }
    >
      <p>{detail.provisioningError ?? t("overview.provisioningFailedUnknown")}</p>
    </InlineError>
  );
}
