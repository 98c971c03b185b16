"use client";

import { QueryError } from "@/components/layout/query-error";
import Link from "next/link";
import { Fragment, useState } from "react";

import { Button } from "@/components/ui/button";
import { buttonStyles } from "@/components/ui/button-styles";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { InlineError } from "@/components/ui/inline-error";
import { LoadingBlock } from "@/components/ui/loading-block";
import { Table, Td, Th } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast-provider";
import { describeApiError } from "@/lib/client/describe-api-error";
import { formatDateTime, formatRelative } from "@/lib/client/format-timestamp";
import { useRegistryHost } from "@/lib/client/use-registry-host";
import { useDeleteRepositoryTag, useRepositoryTags } from "@/lib/client/use-repositories";
import { useTenantAccess } from "@/lib/client/use-tenant-access";
import type { RepositoryTag } from "@/lib/contracts/images";
import { formatBytes } from "@/lib/format/format-bytes";
import { deployHref, imageReference, shortDigest } from "@/lib/format/registry-commands";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

/** A repository's tags, newest push first, each with "Deploy" and (for admins and owners) "Delete". */
export function RepositoryTagsTable({ tenant, repository }: { tenant: string; repository: string }) {
  const t = useT();
  const locale = useLocale();
  const toast = useToast();
  const host = useRegistryHost(tenant);
  const { can, isPending: accessPending } = useTenantAccess(tenant);
  const tags = useRepositoryTags(tenant, repository);
  const remove = useDeleteRepositoryTag(tenant, repository);
  const [deleting, setDeleting] = useState<RepositoryTag | null>(null);
  const [deleteError, setDeleteError] = useState<unknown>(null);
  const [expanded, setExpanded] = useState<string | null>(null);
  const deleteReason = accessPending || can("images:delete") ? undefined : t("images.cannotDelete");

  if (tags.isPending) return <LoadingBlock label={t("common.loading")} lines={3} />;
  if (tags.isError) {
    return (
      <QueryError title={t("images.tagsLoadFailed")} error={tags.error} onRetry={() => tags.refetch()} />
    );
  }
  if (tags.data.items.length === 0) {
    return (
      <EmptyState icon={<Icon name="layers" />} title={t("images.noTagsTitle")} headingLevel={3}>
        <p>{t("images.noTagsBody")}</p>
      </EmptyState>
    );
  }

  const reference = (tag: string) => imageReference(host ?? "…", tenant, repository, tag);
  // The registry deletes a manifest, not a tag: every tag pointing at the same digest goes with it.
  const sameDigest = deleting ? tags.data.items.filter((item) => item.digest === deleting.digest && item.tag !== deleting.tag).map((item) => item.tag) : [];

  function closeConfirm() {
    setDeleting(null);
    setDeleteError(null);
  }

  function confirmDelete() {
    if (!deleting) return;
    const tag = deleting.tag;
    setDeleteError(null);
    remove.mutate(tag, {
      onSuccess: () => {
        closeConfirm();
        toast("success", t("images.deleted", { tag }));
      },
      onError: setDeleteError,
    });
  }

  return (
    <>
      <Table caption={t("images.tagsHeading")}>
        <thead>
          <tr>
            <Th>{t("images.tag")}</Th>
            <Th>{t("images.digest")}</Th>
            <Th className="text-right">{t("images.size")}</Th>
            <Th>{t("images.platform")}</Th>
            <Th>{t("images.pushedAt")}</Th>
            <Th>{t("images.pushedBy")}</Th>
            <Th>
              <span className="sr-only">{t("common.actions")}</span>
            </Th>
          </tr>
        </thead>
        <tbody>
          {tags.data.items.map((tag) => (
            <Fragment key={tag.tag}>
            <tr>
              <Td className="font-mono text-xs font-medium">{tag.tag}</Td>
              <Td className="font-mono text-xs text-muted-foreground" title={tag.digest}>
                {shortDigest(tag.digest)}
              </Td>
              <Td className="text-right whitespace-nowrap tabular-nums" title={`${new Intl.NumberFormat(locale).format(tag.sizeBytes)} B`}>
                {formatBytes(tag.sizeBytes, locale)}
              </Td>
              <Td className="whitespace-nowrap font-mono text-xs text-muted-foreground">
                {tag.os || tag.architecture ? [tag.os, tag.architecture].filter(Boolean).join("/") : t("images.platformUnknown")}
              </Td>
              <Td className="whitespace-nowrap text-muted-foreground" title={formatDateTime(tag.pushedAt, locale)}>
                {formatRelative(tag.pushedAt, locale)}
              </Td>
              <Td className="text-muted-foreground">{tag.pushedBy ?? t("images.unknownPusher")}</Td>
              <Td className="text-right">
                <div className="flex justify-end gap-2">
                  {tag.layers ? (
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-expanded={expanded === tag.tag}
                      aria-controls={`layers-${tag.tag}`}
                      aria-label={t("images.layersLabel", { tag: tag.tag, count: tag.layers.length })}
                      onClick={() => setExpanded((open) => (open === tag.tag ? null : tag.tag))}
                    >
                      {t("images.layers", { count: tag.layers.length })}
                    </Button>
                  ) : null}
                  {host ? (
                    <Link
                      href={deployHref(tenant, reference(tag.tag))}
                      aria-label={t("images.deployLabel", { image: reference(tag.tag) })}
                      className={buttonStyles({ size: "sm" })}
                    >
                      {t("images.deploy")}
                    </Link>
                  ) : null}
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={t("images.deleteTagLabel", { tag: tag.tag })}
                    disabled={accessPending}
                    disabledReason={deleteReason}
                    onClick={() => setDeleting(tag)}
                  >
                    {t("images.deleteTag")}
                  </Button>
                </div>
              </Td>
            </tr>
            {expanded === tag.tag && tag.layers ? (
              <tr id={`layers-${tag.tag}`}>
                <Td colSpan={7} className="bg-muted/40">
                  <LayerList layers={tag.layers} />
                </Td>
              </tr>
            ) : null}
            </Fragment>
          ))}
        </tbody>
      </Table>
      <ConfirmDialog
        open={deleting !== null}
        title={t("images.deleteTitle", { tag: deleting?.tag ?? "" })}
        description={t("images.deleteBody", { digest: deleting ? shortDigest(deleting.digest) : "", image: deleting ? reference(deleting.tag) : "" })}
        confirmLabel={t("images.deleteConfirm")}
        cancelLabel={t("common.cancel")}
        pending={remove.isPending}
        onCancel={closeConfirm}
        onConfirm={confirmDelete}
      >
        {sameDigest.length > 0 || deleteError ? (
          <div className="space-y-3">
            {sameDigest.length > 0 ? <p className="text-sm text-foreground">{t("images.deleteAlsoRemoves", { tags: sameDigest.join(", ") })}</p> : null}
            {deleteError ? <InlineError title={t("images.deleteFailed")}>{describeApiError(t, deleteError)}</InlineError> : null}
          </div>
        ) : null}
      </ConfirmDialog>
    </>
  );
}

/** The image's layers in order, each with its compressed size, as `docker pull` downloads them. */
function LayerList({ layers }: { layers: NonNullable<RepositoryTag["layers"]> }) {
  const t = useT();
  const locale = useLocale();
  return (
    <ol aria-label={t("images.layersHeading")} className="space-y-1 py-1 text-xs">
      {layers.map((layer, index) => (
        <li key={`${index}-${layer.digest}`} className="flex items-center gap-3">
          <span className="w-6 text-right tabular-nums text-muted-foreground">{index + 1}</span>
          <span className="font-mono text-muted-foreground" title={layer.digest}>
            {shortDigest(layer.digest)}
          </span>
          <span className="ml-auto tabular-nums text-foreground" title={`${new Intl.NumberFormat(locale).format(layer.sizeBytes)} B`}>
            {formatBytes(layer.sizeBytes, locale)}
          </span>
        </li>
      ))}
    </ol>
  );
}
