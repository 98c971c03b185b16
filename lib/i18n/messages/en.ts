/**
 * English messages: the source of truth for which keys exist. Keys are grouped by screen
 * (`deployments.title`) so a screen's strings are found in one place. `{name}` marks a value
 * filled in at render time; every translation must keep the same placeholders.
 *
 * Not `as const`: the type derived from this object (`Messages`) must have `string` leaves so
 * other languages can supply their own text for every key.
 */
export const en = {
  common: {
    appName: "Apiary",
    tagline: "Container cloud console",
    skipToContent: "Skip to content",
    loading: "Loading…",
    notAvailableYet: "Not available yet",
  },
  meta: {
    description: "Apiary: deploy, upgrade, watch and pay for containers on a shared Kubernetes cluster.",
  },
  locale: {
    // Each language is named in itself, so a reader who cannot read the current language still finds theirs.
    en: "English",
    "zh-CN": "简体中文",
  },
  header: {
    language: "Language",
    themeToDark: "Switch to dark theme",
    themeToLight: "Switch to light theme",
    openNavigation: "Open navigation",
    closeNavigation: "Close navigation",
    breadcrumb: "Breadcrumb",
  },
  tenantSwitcher: {
    label: "Tenant",
    none: "No tenant selected",
  },
  nav: {
    label: "Main",
    tenantSection: "Tenant",
    opsSection: "Platform administration",
    overview: "Overview",
    deployments: "Deployments",
    images: "Images",
    metrics: "Metrics",
    billing: "Billing",
    settings: "Settings",
    opsOverview: "Cluster overview",
    opsNodes: "Nodes",
    opsTenants: "Tenants",
    opsBilling: "Billing & price book",
    opsWallboard: "Wallboard",
  },
  overview: {
    title: "Overview",
    description: "A summary of tenant {tenant}.",
    placeholderTitle: "Your tenant at a glance",
    placeholderBody:
      "The overview will show your running workloads, rollouts in progress, current usage and your prepaid balance in one place.",
    placeholderRelease: "Coming with the workloads, metrics and billing releases.",
  },
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
  images: {
    title: "Images",
    description: "Container images in your tenant's repositories on the built-in image hub.",
    placeholderTitle: "No repositories to show yet",
    placeholderBody:
      "The image hub will list your repositories with their tags, digests, sizes, layers and pull counts, and show the docker login and push commands for your tenant.",
    placeholderRelease: "Coming with the image hub release.",
  },
  metrics: {
    title: "Metrics",
    description: "CPU, memory, network and filesystem use of your workloads.",
    placeholderTitle: "No metrics to show yet",
    placeholderBody:
      "Metrics will chart CPU cores, memory working set, network and filesystem throughput per workload and pod, over ranges from 15 minutes to 7 days.",
    placeholderRelease: "Coming with the metrics release.",
  },
  billing: {
    title: "Billing",
    description: "Your prepaid balance, usage and invoices.",
    placeholderTitle: "No billing data to show yet",
    placeholderBody:
      "Billing will show your prepaid balance, usage per container-hour, monthly invoices and transactions, and let you redeem vouchers.",
    placeholderRelease: "Coming with the billing release.",
  },
  settings: {
    title: "Settings",
    description: "Members, invitations, API keys and the audit log of tenant {tenant}.",
    placeholderTitle: "Settings are not available yet",
    placeholderBody:
      "Settings will let owners and admins invite members, assign roles, create API keys for automation and read the audit log.",
    placeholderRelease: "Coming with the tenancy release.",
  },
  opsOverview: {
    title: "Cluster overview",
    description: "The health and capacity of the whole platform.",
    placeholderTitle: "No cluster data to show yet",
    placeholderBody:
      "The cluster overview will show capacity (allocatable, requested and used), tenants ranked by usage, failing pods, warning events and rollouts in progress.",
    placeholderRelease: "Coming with the operations release.",
  },
  opsNodes: {
    title: "Nodes",
    description: "The machines of the shared cluster.",
    placeholderTitle: "No nodes to show yet",
    placeholderBody:
      "Nodes will list every machine in the cluster with its allocatable, requested and used CPU and memory, and the pods it runs.",
    placeholderRelease: "Coming with the operations release.",
  },
  opsTenants: {
    title: "Tenants",
    description: "Every organization on the platform.",
    placeholderTitle: "No tenants to show yet",
    placeholderBody:
      "Tenants will list every organization with its plan, namespace, usage, balance and suspension state.",
    placeholderRelease: "Coming with the operations release.",
  },
  opsBilling: {
    title: "Billing & price book",
    description: "Prices, plans, vouchers and credits for the whole platform.",
    placeholderTitle: "No price book to show yet",
    placeholderBody:
      "Platform billing will manage the versioned price cards and plans, issue vouchers and credit tenants' balances.",
    placeholderRelease: "Coming with the billing release.",
  },
  opsWall: {
    title: "Wallboard",
    description: "A full-screen view of the platform for the operations room.",
    exit: "Exit wallboard",
    placeholderTitle: "No live data to show yet",
    placeholderBody:
      "The wallboard will show cluster capacity, failing pods, warning events and rollouts in progress, large enough to read across a room, and refresh itself.",
    placeholderRelease: "Coming with the operations release.",
  },
  auth: {
    email: "Email",
    password: "Password",
    notice: "Accounts arrive with the tenancy release. Nothing was sent and no account was created or signed in.",
  },
  signIn: {
    title: "Sign in to Apiary",
    description: "Use the email and password of your Apiary account.",
    submit: "Sign in",
    noAccount: "No account yet?",
    signUpLink: "Create one",
  },
  signUp: {
    title: "Create your Apiary account",
    description: "Sign up and get your own isolated slice of the cluster.",
    name: "Your name",
    tenantName: "Organization name",
    tenantNameHint: "Your tenant. Its namespace and image repositories are named after it.",
    submit: "Create account",
    haveAccount: "Already have an account?",
    signInLink: "Sign in",
  },
  error: {
    title: "This screen could not be shown",
    body: "Something went wrong while loading it. Trying again often helps; if it keeps failing, give the reference below to your platform operator.",
    reference: "Reference: {digest}",
    retry: "Try again",
  },
  notFound: {
    title: "Page not found",
    body: "There is nothing at this address. Check the link, or start again from the sign-in page.",
    back: "Go to sign in",
  },
};

export type Messages = typeof en;
