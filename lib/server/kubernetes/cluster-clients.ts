import "server-only";
import * as k8s from "@kubernetes/client-node";
import { getKubeConfig } from "./kube-config";

// Typed Kubernetes clients. Two kinds exist on purpose: Apiary's own credentials, only for cluster-scoped
// provisioning (namespaces, quotas, role bindings), and impersonating clients (clients-for.ts) for everything
// done on behalf of a person or an API key. No client ever copies a header from an incoming request.

export interface ClusterClients {
  core: k8s.CoreV1Api;
  apps: k8s.AppsV1Api;
  networking: k8s.NetworkingV1Api;
  rbac: k8s.RbacAuthorizationV1Api;
}

/** Clients whose every request carries the given extra headers (the impersonation headers), or none. */
export function makeClusterClients(headers: Record<string, string> = {}): ClusterClients {
  const kc = getKubeConfig();
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error("the kubeconfig has no current cluster");
  const configuration = k8s.createConfiguration({
    baseServer: new k8s.ServerConfiguration(cluster.server, {}),
    authMethods: { default: kc },
    middleware: Object.entries(headers).map(([name, value]) => k8s.setHeaderMiddleware(name, value)),
  });
  return {
    core: new k8s.CoreV1Api(configuration),
    apps: new k8s.AppsV1Api(configuration),
    networking: new k8s.NetworkingV1Api(configuration),
    rbac: new k8s.RbacAuthorizationV1Api(configuration),
  };
}

/** Apiary's own identity: provisioning and operator actions only. */
export function apiaryClients(): ClusterClients {
  return makeClusterClients();
}
