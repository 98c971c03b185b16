import type { workloadsEn } from "./workloads-en";

/** Simplified Chinese for the workload screens; typed by the English file, so no key can be missing or extra. */
export const workloadsZhCN: typeof workloadsEn = {
  deployments: {
    title: "部署",
    description: "运行在你的命名空间中的无状态和有状态工作负载。",
    placeholderTitle: "暂无可显示的部署",
    placeholderBody:
      "部署页将列出你的工作负载及其实时滚动升级状态，并支持从镜像仓库部署镜像、扩缩容以及一键升级。",
    placeholderRelease: "将随工作负载版本推出。",
  },
  deploymentDetail: {
    title: "工作负载 {name}",
    description: "租户 {tenant} 中的工作负载。",
    placeholderTitle: "工作负载详情尚未提供",
    placeholderBody:
      "此页将展示该工作负载的实时滚动升级（新旧副本集、每个 Pod 的阶段与就绪状态）、事件、日志和版本历史，并支持暂停、继续、重启和回滚。",
    placeholderRelease: "将随工作负载版本推出。",
  },
};
