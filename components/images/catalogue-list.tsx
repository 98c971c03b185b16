"use client";

import { QueryError } from "@/components/layout/query-error";
import Link from "next/link";
import { useEffect, useState } from "react";

import { StarButton } from "@/components/images/star-button";
import { Button } from "@/components/ui/button";
import { CursorPager } from "@/components/ui/cursor-pager";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { LoadingBlock } from "@/components/ui/loading-block";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { useCursorPages } from "@/lib/client/use-cursor-pages";
import { formatDateTime, formatRelative } from "@/lib/client/format-timestamp";
import { useCatalogue, useStarCatalogueRepository } from "@/lib/client/use-catalogue";
import { RepositorySort, type CatalogueRepository } from "@/lib/contracts/images";
import { imageReference } from "@/lib/format/registry-commands";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

const PAGE_SIZE = 25;
/** Typing pauses this long before the list is asked again, so each keystroke does not cost a request. */
const SEARCH_DELAY_MS = 300;

/**
 * The public catalogue: public repositories of every tenant, searchable and sorted, each with its pull command and a
 * star. `tenant` is the tenant the viewer came from: its own repositories link to its hub pages.
 */
export function CatalogueList({ tenant }: { tenant: string }) {
  const t = useT();
  const [search, setSearch] = useState("");
  const [q, setQ] = useState("");
  const [sort, setSort] = useState<RepositorySort>("stars");
  const pages = useCursorPages();
  const { cursor, reset: resetPages } = pages;
  const catalogue = useCatalogue({ q, sort, cursor, limit: PAGE_SIZE });

  useEffect(() => {
    const timer = setTimeout(() => {
      setQ(search.trim());
      resetPages();
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, resetPages]);

  const sortOptions = [
    { value: "stars", label: t("images.sortStars") },
    { value: "pulls", label: t("images.sortPulls") },
    { value: "last_push", label: t("images.sortLastPush") },
    { value: "name", label: t("images.sortName") },
  ];

  let body;
  if (catalogue.isPending) {
    body = <LoadingBlock label={t("common.loading")} lines={4} />;
  } else if (catalogue.isError) {
    body = <QueryError title={t("catalogue.loadFailed")} error={catalogue.error} onRetry={() => catalogue.refetch()} />;
  } else if (catalogue.data.items.length === 0) {
    body = q ? (
      <EmptyState
        icon={<Icon name="compass" />}
        title={t("images.noMatchTitle", { q })}
        headingLevel={3}
        actions={<Button onClick={() => setSearch("")}>{t("images.clearSearch")}</Button>}
      >
        <p>{t("catalogue.noMatchBody")}</p>
      </EmptyState>
    ) : (
      <EmptyState icon={<Icon name="compass" />} title={t("catalogue.emptyTitle")} headingLevel={3}>
        <p>{t("catalogue.emptyBody")}</p>
      </EmptyState>
    );
  } else {
    const { items, total, nextCursor, registryHost } = catalogue.data;
    const from = pages.pageIndex * PAGE_SIZE + 1;
    const to = from + items.length - 1;
    body = (
      <div className="space-y-3">
        <ul aria-label={t("catalogue.listHeading")} className={catalogue.isPlaceholderData ? "space-y-3 opacity-60" : "space-y-3"}>
          {items.map((item) => (
            <CatalogueItem key={item.fullName} item={item} registryHost={registryHost} viewerTenant={tenant} />
          ))}
        </ul>
        <CursorPager
          label={t("catalogue.listHeading")}
          summary={t("images.pageSummary", { from, to, total })}
          previousLabel={t("images.previous")}
          nextLabel={t("images.next")}
          hasPrevious={pages.hasPrevious}
          nextCursor={nextCursor}
          loading={catalogue.isPlaceholderData}
          onPrevious={pages.previous}
          onNext={pages.next}
        />
      </div>
    );
  }

  return (
    <section aria-labelledby="catalogue-heading" className="space-y-4">
      <h2 id="catalogue-heading" className="sr-only">
        {t("catalogue.listHeading")}
      </h2>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <TextField
          id="catalogue-search"
          label={t("catalogue.search")}
          className="flex-1"
          type="search"
          autoComplete="off"
          spellCheck={false}
          placeholder={t("catalogue.searchPlaceholder")}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <SelectField
          id="catalogue-sort"
          label={t("images.sort")}
          className="sm:w-64"
          options={sortOptions}
          value={sort}
          onChange={(event) => {
            setSort(RepositorySort.parse(event.target.value));
            resetPages();
          }}
        />
      </div>
      {body}
    </section>
  );
}

function CatalogueItem({ item, registryHost, viewerTenant }: { item: CatalogueRepository; registryHost: string; viewerTenant: string }) {
  const t = useT();
  const locale = useLocale();
  const star = useStarCatalogueRepository(item.tenant, item.name);
  const number = new Intl.NumberFormat(locale);
  const pull = item.latestTag ? `docker pull ${imageReference(registryHost, item.tenant, item.name, item.latestTag)}` : null;
  return (
    <li className="space-y-3 rounded-lg border border-border bg-card p-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 className="font-medium text-foreground break-words">
            {item.tenant === viewerTenant ? (
              <Link href={`/${item.tenant}/images/${encodeURIComponent(item.name)}`} className="underline-offset-4 hover:underline">
                {item.fullName}
              </Link>
            ) : (
              item.fullName
            )}
          </h3>
          {item.description ? <p className="mt-0.5 max-w-2xl truncate text-sm text-muted-foreground">{item.description}</p> : null}
          <p className="mt-1 text-xs text-muted-foreground">
            {t("catalogue.facts", { tags: number.format(item.tagCount), pulls: number.format(item.pullCount) })}
            {" · "}
            {item.lastPushedAt ? (
              <span title={formatDateTime(item.lastPushedAt, locale)}>{t("catalogue.lastPush", { when: formatRelative(item.lastPushedAt, locale) })}</span>
            ) : (
              t("images.neverPushed")
            )}
          </p>
        </div>
        <StarButton fullName={item.fullName} starred={item.starred} starCount={item.starCount} mutation={star} />
      </div>
      {pull ? (
        <div className="flex items-start gap-2">
          <pre className="min-w-0 flex-1 overflow-x-auto rounded-md bg-muted px-3 py-2 font-mono text-xs text-foreground">{pull}</pre>
          <CopyButton value={pull} label={t("images.copyCommand")} copiedLabel={t("common.copied")} failedLabel={t("common.copyFailed")} />
        </div>
      ) : null}
    </li>
  );
}
