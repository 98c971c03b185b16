"use client";

import { CopyButton } from "@/components/ui/copy-button";
import { useRegistryHost } from "@/lib/client/use-registry-host";
import { buildPushCommands } from "@/lib/format/registry-commands";
import { useT } from "@/lib/i18n/i18n-provider";

/**
 * The docker login / tag / push steps (and the skopeo equivalent) for one repository of this server, each with a
 * copy button. Without a repository name the commands use `<name>`, for the empty list.
 */
export function PushCommands({ tenant, repository = "<name>", localImage = "my-app:latest", tag = "latest" }: { tenant: string; repository?: string; localImage?: string; tag?: string }) {
  const t = useT();
  const host = useRegistryHost(tenant);
  // Until the tenant (which names the registry host) has loaded, a placeholder keeps the layout stable.
  const commands = buildPushCommands({ host: host ?? "…", tenant, repository, localImage, tag });
  const steps = [
    { label: t("images.pushLogin"), command: commands.login },
    { label: t("images.pushTag"), command: commands.tag },
    { label: t("images.pushPush"), command: commands.push },
    { label: t("images.pushSkopeo"), command: commands.skopeo },
  ];
  return (
    <div className="space-y-3 text-left">
      <ol className="space-y-3">
        {steps.map((step) => (
          <li key={step.command} className="space-y-1.5">
            <p className="text-sm text-foreground">{step.label}</p>
            <div className="flex items-start gap-2">
              <pre className="min-w-0 flex-1 overflow-x-auto rounded-md bg-muted px-3 py-2 font-mono text-xs text-foreground">{step.command}</pre>
              <CopyButton value={step.command} label={t("images.copyCommand")} copiedLabel={t("common.copied")} failedLabel={t("common.copyFailed")} />
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
