"use client";

import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { formatDateTime, formatRelative } from "@/lib/client/format-timestamp";
import type { RolloutReplicaSet } from "@/lib/contracts/workloads";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

/** The workload's ReplicaSets (a StatefulSet's revisions), newest first: the new one filling up, the old ones draining. */
export function ReplicaSetsTable({ replicaSets }: { replicaSets: RolloutReplicaSet[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Table caption={t("rollouts.replicaSetsHeading")}>
      <thead>
        <tr>
          <Th>{t("rollouts.revision")}</Th>
          <Th>{t("rollouts.replicaSet")}</Th>
          <Th>{t("rollouts.image")}</Th>
          <Th className="text-right">{t("rollouts.readyOfDesired")}</Th>
          <Th className="text-right">{t("rollouts.available")}</Th>
          <Th>{t("rollouts.created")}</Th>
        </tr>
      </thead>
      <tbody>
        {replicaSets.map((set) => (
          <tr key={set.name} data-testid="replica-set-row" data-current={set.current} data-revision={set.revision ?? ""} data-ready={set.ready} data-desired={set.desired}>
            <Td className="whitespace-nowrap">
              <span className="mr-2 tabular-nums">{set.revision ?? "—"}</span>
              <Badge tone={set.current ? "info" : "neutral"}>{set.current ? t("rollouts.newSet") : t("rollouts.oldSet")}</Badge>
            </Td>
            <Td className="font-mono text-xs text-muted-foreground">{set.name}</Td>
            <Td className="max-w-xs truncate font-mono text-xs" title={set.image}>
              {set.image}
            </Td>
            <Td className="text-right tabular-nums">
              {`${set.ready}/${set.desired}`}
            </Td>
            <Td className="text-right tabular-nums">{set.available}</Td>
            <Td className="whitespace-nowrap text-muted-foreground" title={formatDateTime(set.createdAt, locale)}>
              {formatRelative(set.createdAt, locale)}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
