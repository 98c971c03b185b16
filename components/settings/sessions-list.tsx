"use client";

import { QueryError } from "@/components/layout/query-error";
import { describeUserAgent } from "@/components/settings/describe-user-agent";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { LoadingBlock } from "@/components/ui/loading-block";
import { Table, Td, Th } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast-provider";
import { describeApiError } from "@/lib/client/describe-api-error";
import { formatDateTime, formatRelative } from "@/lib/client/format-timestamp";
import { useRevokeSession, useSessions } from "@/lib/client/use-sessions";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

/** Where the user is signed in; any other session can be ended here (this one ends with "Sign out"). */
export function SessionsList() {
  const t = useT();
  const locale = useLocale();
  const toast = useToast();
  const sessions = useSessions();
  const revoke = useRevokeSession();

  if (sessions.isPending) return <LoadingBlock label={t("common.loading")} lines={2} />;
  if (sessions.isError) {
    return (
      <QueryError title={t("sessions.loadFailed")} error={sessions.error} onRetry={() => sessions.refetch()} />
    );
  }
  if (sessions.data.items.length === 0) return <p className="text-sm text-muted-foreground">{t("sessions.empty")}</p>;

  // The current session first: it is the one people look for.
  const items = [...sessions.data.items].sort((a, b) => Number(b.current) - Number(a.current));
  return (
    <Table caption={t("sessions.heading")}>
      <thead>
        <tr>
          <Th>{t("sessions.device")}</Th>
          <Th>{t("sessions.ip")}</Th>
          <Th>{t("sessions.signedIn")}</Th>
          <Th>{t("sessions.lastSeen")}</Th>
          <Th>
            <span className="sr-only">{t("common.actions")}</span>
          </Th>
        </tr>
      </thead>
      <tbody>
        {items.map((session) => (
          <tr key={session.id}>
            <Td>
              <span className="font-medium">{describeUserAgent(session.userAgent) ?? t("sessions.unknownDevice")}</span>
              {session.current ? (
                <Badge tone="success" className="ml-2">
                  {t("sessions.thisDevice")}
                </Badge>
              ) : null}
            </Td>
            <Td className="font-mono text-xs text-muted-foreground">{session.ip ?? "—"}</Td>
            <Td className="whitespace-nowrap text-muted-foreground">{formatDateTime(session.createdAt, locale)}</Td>
            <Td className="whitespace-nowrap text-muted-foreground" title={formatDateTime(session.lastSeenAt, locale)}>
              {formatRelative(session.lastSeenAt, locale)}
            </Td>
            <Td className="text-right">
              {session.current ? null : (
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={revoke.isPending && revoke.variables === session.id}
                  onClick={() =>
                    revoke.mutate(session.id, {
                      onSuccess: () => toast("success", t("sessions.revoked")),
                      onError: (error) => toast("error", describeApiError(t, error)),
                    })
                  }
                >
                  {t("sessions.revoke")}
                </Button>
              )}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
