import type { registryStatusEn } from "./registry-status-en";

/** Simplified Chinese for the image hub's registry banner; typed by the English file, so no key can be missing or extra. */
export const registryStatusZhCN: typeof registryStatusEn = {
  registryStatus: {
    downTitle: "镜像仓库当前无法访问",
    downBody: "恢复之前，推送、拉取和删除标签都会失败；已在运行的工作负载不受影响。这里显示的是 Apiary 最后所知的内容，可能缺少最近的推送。",
    lastReachable: "最后一次可访问：{when}。",
    neverReachable: "自本服务器启动以来，Apiary 尚未能访问它。",
  },
};
