"use client";

import { QueryError } from "@/components/layout/query-error";
import Link from "next/link";
import { useEffect, useState } from "react";

import { PushCommands } from "@/components/images/push-commands";
import { RepositoryVisibilityBadge } from "@/components/images/repository-visibility-badge";
import { Button } from "@/components/ui/button";
import { CursorPager } from "@/components/ui/cursor-pager";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { LoadingBlock } from "@/components/ui/loading-block";
import { SelectField } from "@/components/ui/select-field";
import { Table, Td, Th } from "@/components/ui/table";
import { TextField } from "@/components/ui/text-field";
import { useCursorPages } from "@/lib/client/use-cursor-pages";
import { formatDateTime, formatRelative } from "@/lib/client/format-timestamp";
import { useRepositories } from "@/lib/client/use-repositories";
import { RepositorySort } from "@/lib/contracts/images";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

const PAGE_SIZE = 25;
/** Typing pauses this long before the list is asked again, so each keystroke does not cost a request. */
const SEARCH_DELAY_MS = 300;

/** The tenant's repositories: search by name, sort, page through, and open one. */
export function RepositoryList({ tenant }: { tenant: string }) {
  const t = useT();
  const locale = useLocale();
  const [search, setSearch] = useState("");
  const [q, setQ] = useState("");
  const [sort, setSort] = useState<RepositorySort>("name");
  // Cursors of the pages before the current one, so "Previous" needs no cursor from the server.
  const pages = useCursorPages();
  const { cursor, reset: resetPages } = pages;
  const repositories = useRepositories(tenant, { q, sort, cursor, limit: PAGE_SIZE });

  useEffect(() => {
    const timer = setTimeout(() => {
      setQ(search.trim());
      resetPages();
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, resetPages]);

  const sortOptions = [
    { value: "name", label: t("images.sortName") },
    { value: "last_push", label: t("images.sortLastPush") },
    { value: "pulls", label: t("images.sortPulls") },
    { value: "stars", label: t("images.sortStars") },
  ];

  const controls = (
    <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
      <TextField
        id="repository-search"
        label={t("images.search")}
        className="flex-1"
        type="search"
        autoComplete="off"
        spellCheck={false}
        placeholder={t("images.searchPlaceholder")}
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      <SelectField
        id="repository-sort"
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
  );

  let body;
  if (repositories.isPending) {
    body = <LoadingBlock label={t("common.loading")} lines={4} />;
  } else if (repositories.isError) {
    body = (
      <QueryError title={t("images.loadFailed")} error={repositories.error} onRetry={() => repositories.refetch()} />
    );
  } else if (repositories.data.items.length === 0 && q) {
    body = (
      <EmptyState
        icon={<Icon name="box" />}
        title={t("images.noMatchTitle", { q })}
        headingLevel={3}
        actions={<Button onClick={() => setSearch("")}>{t("images.clearSearch")}</Button>}
      >
        <p>{t("images.noMatchBody")}</p>
      </EmptyState>
    );
  } else if (repositories.data.items.length === 0) {
    body = (
      <div className="space-y-4">
        <EmptyState icon={<Icon name="box" />} title={t("images.emptyTitle")} headingLevel={3}>
          <p>{t("images.emptyBody")}</p>
        </EmptyState>
        <Card className="p-5">
          <h3 className="mb-3 text-sm font-semibold">{t("images.pushHeading")}</h3>
          <PushCommands tenant={tenant} />
        </Card>
      </div>
    );
  } else {
    const { items, total, nextCursor } = repositories.data;
    // Counted from the pages walked, not read out of the cursor, which is the server's opaque token.
    const from = pages.pageIndex * PAGE_SIZE + 1;
    const to = from + items.length - 1;
    body = (
      <div className="space-y-3">
        <Table caption={t("images.listHeading")}>
          <thead>
            <tr>
              <Th>{t("images.name")}</Th>
              <Th>{t("images.visibility")}</Th>
              <Th className="text-right">{t("images.tags")}</Th>
              <Th>{t("images.lastPush")}</Th>
              <Th className="text-right">{t("images.pulls")}</Th>
              <Th className="text-right">{t("images.stars")}</Th>
            </tr>
          </thead>
          <tbody className={repositories.isPlaceholderData ? "opacity-60" : undefined}>
            {items.map((repository) => (
              <tr key={repository.name}>
                <Td className="font-medium">
                  <Link href={`/${tenant}/images/${encodeURIComponent(repository.name)}`} className="text-foreground underline-offset-4 hover:underline">
                    {repository.fullName}
                  </Link>
                  {repository.description ? <span className="mt-0.5 block max-w-md truncate text-xs font-normal text-muted-foreground">{repository.description}</span> : null}
                </Td>
                <Td>
                  <RepositoryVisibilityBadge isPublic={repository.public} />
                </Td>
                <Td className="text-right tabular-nums">{new Intl.NumberFormat(locale).format(repository.tagCount)}</Td>
                <Td className="whitespace-nowrap text-muted-foreground" title={repository.lastPushedAt ? formatDateTime(repository.lastPushedAt, locale) : undefined}>
                  {repository.lastPushedAt ? formatRelative(repository.lastPushedAt, locale) : t("images.neverPushed")}
                </Td>
                <Td className="text-right tabular-nums">{new Intl.NumberFormat(locale).format(repository.pullCount)}</Td>
                <Td className="text-right tabular-nums">
                  <span className="sr-only">{repository.starred ? t("images.starredByYou") : null}</span>
                  <span aria-hidden="true" className={repository.starred ? "mr-1 text-amber-500" : "mr-1 text-muted-foreground"}>
                    {repository.starred ? "★" : "☆"}
                  </span>
                  {new Intl.NumberFormat(locale).format(repository.starCount)}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
        <CursorPager
          label={t("images.listHeading")}
          summary={t("images.pageSummary", { from, to, total })}
          previousLabel={t("images.previous")}
          nextLabel={t("images.next")}
          hasPrevious={pages.hasPrevious}
          nextCursor={nextCursor}
          loading={repositories.isPlaceholderData}
          onPrevious={pages.previous}
          onNext={pages.next}
        />
      </div>
    );
  }

  return (
    <section aria-labelledby="repositories-heading" className="space-y-4">
      <h2 id="repositories-heading" className="sr-only">
        {t("images.listHeading")}
      </h2>
      {controls}
      {body}
    </section>
  );
}
