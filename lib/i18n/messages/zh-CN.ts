import type { Messages } from "@/lib/i18n/messages/en";

/**
 * Simplified Chinese. Typed as `Messages`, so the compiler rejects a missing key or a key that
 * English does not have; the `{placeholders}` must match English (checked by a unit test).
 */
export const zhCN: Messages = {
  common: {
    appName: "Apiary",
    tagline: "容器云控制台",
    skipToContent: "跳到主要内容",
    loading: "加载中…",
    notAvailableYet: "尚未提供",
  },
  meta: {
    description: "Apiary：在共享的 Kubernetes 集群上部署、升级、监控容器并按量付费。",
  },
  locale: {
    en: "English",
    "zh-CN": "简体中文",
  },
  header: {
    language: "语言",
    themeToDark: "切换到深色主题",
    themeToLight: "切换到浅色主题",
    openNavigation: "打开导航",
    closeNavigation: "关闭导航",
    breadcrumb: "面包屑导航",
  },
  tenantSwitcher: {
    label: "租户",
    none: "未选择租户",
  },
  nav: {
    label: "主导航",
    tenantSection: "租户",
    opsSection: "平台管理",
    overview: "概览",
    deployments: "部署",
    images: "镜像",
    metrics: "监控",
    billing: "计费",
    settings: "设置",
    opsOverview: "集群概览",
    opsNodes: "节点",
    opsTenants: "租户",
    opsBilling: "计费与价目表",
    opsWallboard: "大屏",
  },
  overview: {
    title: "概览",
    description: "租户 {tenant} 的概况。",
    placeholderTitle: "一眼看清你的租户",
    placeholderBody: "概览将集中展示正在运行的工作负载、进行中的滚动升级、当前用量和预付余额。",
    placeholderRelease: "将随工作负载、监控和计费版本推出。",
  },
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
  images: {
    title: "镜像",
    description: "内置镜像仓库中属于你的租户的容器镜像。",
    placeholderTitle: "暂无可显示的镜像仓库",
    placeholderBody:
      "镜像仓库页将列出你的仓库及其标签、摘要、大小、镜像层和拉取次数，并给出适用于你的租户的 docker login 与 push 命令。",
    placeholderRelease: "将随镜像仓库版本推出。",
  },
  metrics: {
    title: "监控",
    description: "工作负载的 CPU、内存、网络和文件系统使用情况。",
    placeholderTitle: "暂无可显示的监控数据",
    placeholderBody:
      "监控页将按工作负载和 Pod 绘制 CPU 核数、内存工作集、网络与文件系统吞吐量图表，时间范围从 15 分钟到 7 天。",
    placeholderRelease: "将随监控版本推出。",
  },
  billing: {
    title: "计费",
    description: "你的预付余额、用量和账单。",
    placeholderTitle: "暂无可显示的计费数据",
    placeholderBody: "计费页将展示预付余额、按容器小时计的用量、月度账单和交易记录，并支持兑换代金券。",
    placeholderRelease: "将随计费版本推出。",
  },
  settings: {
    title: "设置",
    description: "租户 {tenant} 的成员、邀请、API 密钥和审计日志。",
    placeholderTitle: "设置尚未提供",
    placeholderBody: "设置页将让所有者和管理员邀请成员、分配角色、为自动化创建 API 密钥并查看审计日志。",
    placeholderRelease: "将随多租户版本推出。",
  },
  opsOverview: {
    title: "集群概览",
    description: "整个平台的健康状况与容量。",
    placeholderTitle: "暂无可显示的集群数据",
    placeholderBody:
      "集群概览将展示容量（可分配、已请求和已使用）、按用量排序的租户、失败的 Pod、警告事件和进行中的滚动升级。",
    placeholderRelease: "将随运维版本推出。",
  },
  opsNodes: {
    title: "节点",
    description: "共享集群中的机器。",
    placeholderTitle: "暂无可显示的节点",
    placeholderBody: "节点页将列出集群中的每台机器及其可分配、已请求和已使用的 CPU 与内存，以及其上运行的 Pod。",
    placeholderRelease: "将随运维版本推出。",
  },
  opsTenants: {
    title: "租户",
    description: "平台上的所有组织。",
    placeholderTitle: "暂无可显示的租户",
    placeholderBody: "租户页将列出每个组织的套餐、命名空间、用量、余额和停用状态。",
    placeholderRelease: "将随运维版本推出。",
  },
  opsBilling: {
    title: "计费与价目表",
    description: "整个平台的价格、套餐、代金券和充值。",
    placeholderTitle: "暂无可显示的价目表",
    placeholderBody: "平台计费页将管理带版本的价目卡和套餐、发放代金券，并为租户余额充值。",
    placeholderRelease: "将随计费版本推出。",
  },
  opsWall: {
    title: "大屏",
    description: "供运维值班室使用的平台全屏视图。",
    exit: "退出大屏",
    placeholderTitle: "暂无可显示的实时数据",
    placeholderBody: "大屏将以隔着房间也能看清的字号展示集群容量、失败的 Pod、警告事件和进行中的滚动升级，并自动刷新。",
    placeholderRelease: "将随运维版本推出。",
  },
  auth: {
    email: "邮箱",
    password: "密码",
    notice: "账户功能将随多租户版本推出。本次未发送任何数据，也没有创建或登录任何账户。",
  },
  signIn: {
    title: "登录 Apiary",
    description: "使用你的 Apiary 账户邮箱和密码。",
    submit: "登录",
    noAccount: "还没有账户？",
    signUpLink: "注册一个",
  },
  signUp: {
    title: "创建 Apiary 账户",
    description: "注册后即可获得集群中专属于你的隔离空间。",
    name: "你的姓名",
    tenantName: "组织名称",
    tenantNameHint: "即你的租户。命名空间和镜像仓库都以它命名。",
    submit: "创建账户",
    haveAccount: "已有账户？",
    signInLink: "登录",
  },
  error: {
    title: "无法显示此页面",
    body: "加载时出了点问题。重试通常可以解决；如果持续失败，请把下面的参考编号提供给平台运维人员。",
    reference: "参考编号：{digest}",
    retry: "重试",
  },
  notFound: {
    title: "页面不存在",
    body: "此地址没有内容。请检查链接，或从登录页重新开始。",
    back: "前往登录",
  },
};
