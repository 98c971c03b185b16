/**
 * English messages of the workload screens (deployments, a workload's page, rollouts). Kept in their own file so
 * the workload screens can grow without every feature editing one large dictionary; en.ts spreads them in.
 */
export const workloadsEn = {
  deployments: {
    title: "Deployments",
    description: "Stateless and stateful workloads running in your namespace.",
    placeholderTitle: "No deployments to show yet",
    placeholderBody:
      "Deployments will list your workloads with live rollout status, and let you deploy an image from the hub, scale it and upgrade it with one click.",
    placeholderRelease: "Coming with the workloads release.",
  },
  deploymentDetail: {
    title: "Workload {name}",
    description: "A workload in tenant {tenant}.",
    placeholderTitle: "Workload details are not available yet",
    placeholderBody:
      "This page will show the workload's live rollout (old and new replica sets, each pod's phase and readiness), events, logs and revision history, with pause, resume, restart and rollback.",
    placeholderRelease: "Coming with the workloads release.",
  },
};
