"use client";

import { QueryError } from "@/components/layout/query-error";
import Link from "next/link";
import { useEffect, useState } from "react";

import { StarButton } from "@/components/images/star-button";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { LoadingBlock } from "@/components/ui/loading-block";
import { SelectField } from "@/components/ui/select-field";
import { inputStyles } from "@/components/ui/text-field";
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
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const catalogue = useCatalogue({ q, sort, cursor, limit: PAGE_SIZE });

  useEffect(() => {
    const timer = setTimeout(() => {
      setQ(search.trim());
      setCursors([null]);
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search]);

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
    const from = (cursors.length - 1) * PAGE_SIZE + 1;
    const to = from + items.length - 1;
    body = (
      <div className="space-y-3">
        <ul aria-label={t("catalogue.listHeading")} className={catalogue.isPlaceholderData ? "space-y-3 opacity-60" : "space-y-3"}>
          {items.map((item) => (
            <CatalogueItem key={item.fullName} item={item} registryHost={registryHost} viewerTenant={tenant} />
          ))}
        </ul>
        <nav aria-label={t("catalogue.listHeading")} className="flex items-center justify-between gap-3 text-sm text-muted-foreground">
          <p aria-live="polite">{t("images.pageSummary", { from, to, total })}</p>
          <div className="flex gap-2">
            <Button size="sm" disabled={cursors.length <= 1} onClick={() => setCursors((list) => list.slice(0, -1))}>
              {t("images.previous")}
            </Button>
            <Button size="sm" disabled={!nextCursor || catalogue.isPlaceholderData} onClick={() => nextCursor && setCursors((list) => [...list, nextCursor])}>
              {t("images.next")}
            </Button>
          </div>
        </nav>
      </div>
    );
  }

  return (
    <section aria-labelledby="catalogue-heading" className="space-y-4">
      <h2 id="catalogue-heading" className="sr-only">
        {t("catalogue.listHeading")}
      </h2>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="flex-1 space-y-1.5">
          <label htmlFor="catalogue-search" className="block text-sm font-medium text-foreground">
            {t("catalogue.search")}
          </label>
          <input
            id="catalogue-search"
            type="search"
            autoComplete="off"
            spellCheck={false}
            placeholder={t("catalogue.searchPlaceholder")}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            className={inputStyles}
          />
        </div>
        <SelectField
          id="catalogue-sort"
          label={t("images.sort")}
          className="sm:w-64"
          options={sortOptions}
          value={sort}
          onChange={(event) => {
            setSort(RepositorySort.parse(event.target.value));
            setCursors([null]);
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
