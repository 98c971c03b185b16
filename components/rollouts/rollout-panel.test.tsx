import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { sampleDetail } from "@/components/deployments/sample-workloads";
import { RolloutPanel } from "@/components/rollouts/rollout-panel";
import { RolloutProgress } from "@/components/rollouts/rollout-progress";
import type { WorkloadDetail } from "@/lib/contracts/workloads";
import { I18nProvider } from "@/lib/i18n/i18n-provider";
import { en } from "@/lib/i18n/messages/en";

function render(node: React.ReactNode): string {
  return renderToString(
    <I18nProvider locale="en" messages={en}>
      {node}
    </I18nProvider>,
  );
}

const noop = () => {};
const panel = (detail: WorkloadDetail) => render(<RolloutPanel detail={detail} busy={false} onResume={noop} onRollback={noop} />);

describe("RolloutProgress", () => {
  it("says and exposes the updated, ready and available counts against the desired count", () => {
    const html = render(<RolloutProgress counts={{ desired: 4, updated: 2, ready: 1, available: 1 }} />);
    expect(html).toContain("2 of 4 updated · 1 ready · 1 available");
    expect(html).toContain('data-testid="rollout-progress"');
    expect(html).toContain('data-updated="2"');
    expect(html).toContain('data-ready="1"');
    expect(html).toContain('data-available="1"');
    expect(html).toContain('data-desired="4"');
    expect(html).toContain('role="progressbar"');
    expect(html).toContain('aria-valuenow="2"');
    expect(html).toContain('aria-valuemax="4"');
    expect(html).toContain("width:50%");
  });
});

describe("RolloutPanel", () => {
  it("counts only the new template's pods as progress, and says how many old pods still run", () => {
    // Mid-rollout: 1 new pod (ready, not yet available) beside 4 old ones; the workload's own counts include the old pods.
    const detail: WorkloadDetail = sampleDetail("web", {
      state: "progressing",
      replicas: { desired: 4, updated: 1, ready: 5, available: 4, total: 5 },
      replicaSets: [
        { name: "web-new", revision: 2, image: "r/web:v2", desired: 1, ready: 1, available: 0, current: true, createdAt: "2026-11-25T10:00:00.000Z" },
        { name: "web-old", revision: 1, image: "r/web:v1", desired: 4, ready: 4, available: 4, current: false, createdAt: "2026-11-25T09:00:00.000Z" },
      ],
    });
    const html = panel(detail);
    expect(html).toContain("1 of 4 updated · 1 ready · 0 available");
    expect(html).toContain('data-available="0"');
    expect(html).toContain("Old pods still running: 4");
  });

  it("reports a failed rollout with the API server's reason and message and offers a rollback", () => {
    const html = panel(
      sampleDetail("web", {
        state: "failed",
        reason: "ProgressDeadlineExceeded",
        message: 'ReplicaSet "web-7c9d" has timed out progressing.',
        replicas: { desired: 4, updated: 1, ready: 4, available: 4, total: 5 },
      }),
    );
    expect(html).toContain("Rollout failed: ProgressDeadlineExceeded");
    expect(html).toContain("has timed out progressing.");
    expect(html).toContain(`>${en.rollouts.rollBack}<`);
    expect(html).toContain("1 of 4 updated · 4 ready · 4 available");
  });

  it("words a canary pause by its pod count and offers resume and rollback", () => {
    const html = panel(sampleDetail("web", { state: "paused", paused: true, canaryPauseAfter: 1 }));
    expect(html).toContain("Paused after 1 new pods");
    expect(html).toContain(`>${en.rollouts.resume}<`);
    expect(html).toContain(`>${en.rollouts.rollBack}<`);
  });

  it("lists old and new ReplicaSets with revision, image and ready/desired", () => {
    const html = panel(
      sampleDetail("web", {
        state: "progressing",
        replicaSets: [
          { name: "web-v2", revision: 2, image: "acme/web:v2", desired: 2, ready: 1, available: 1, current: true, createdAt: "2026-11-25T09:05:00.000Z" },
          { name: "web-v1", revision: 1, image: "acme/web:v1", desired: 3, ready: 3, available: 3, current: false, createdAt: "2026-11-25T09:00:00.000Z" },
        ],
      }),
    );
    expect(html).toContain("acme/web:v2");
    expect(html).toContain("1/2");
    expect(html).toContain("3/3");
    expect(html).toContain(`>${en.rollouts.newSet}<`);
    expect(html).toContain(`>${en.rollouts.oldSet}<`);
  });
});
