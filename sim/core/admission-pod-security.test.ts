import { describe, expect, it } from "vitest";
import { admitPodSecurity, podSecurityViolations } from "./admission-pod-security";
import type { KObject } from "./types";

function namespace(level?: string): KObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop", labels: level ? { "pod-security.kubernetes.io/enforce": level } : {} } };
}

function pod(spec: Record<string, unknown>): KObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name: "x", namespace: "shop" }, spec };
}

describe("Pod Security admission", () => {
  it("refuses a plain pod in a restricted namespace with every violation listed", () => {
    expect(() => admitPodSecurity(namespace("restricted"), pod({ containers: [{ name: "app", image: "nginx" }] }))).toThrow(
      'pods "x" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
  });

  it("admits a pod that meets restricted", () => {
    const ok = pod({
      securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
      containers: [{ name: "app", image: "nginx", securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } }],
    });
    expect(() => admitPodSecurity(namespace("restricted"), ok)).not.toThrow();
  });

  it("checks only host access and privilege at baseline", () => {
    const hostly = pod({
      hostNetwork: true,
      volumes: [{ name: "root", hostPath: { path: "/" } }],
      containers: [{ name: "app", image: "nginx", securityContext: { privileged: true }, ports: [{ containerPort: 80, hostPort: 80 }] }],
    });
    expect(podSecurityViolations(hostly, "baseline")).toEqual([
      "host namespaces (hostNetwork=true)",
      'hostPath volumes (volume "root")',
      'hostPort (container "app" uses hostPort 80)',
      'privileged (container "app" must not set securityContext.privileged=true)',
    ]);
    expect(() => admitPodSecurity(namespace("baseline"), pod({ containers: [{ name: "app", image: "nginx" }] }))).not.toThrow();
  });

  it("leaves unlabelled and privileged namespaces alone", () => {
    const hostly = pod({ hostPID: true, containers: [{ name: "app", image: "nginx" }] });
    expect(() => admitPodSecurity(namespace(), hostly)).not.toThrow();
    expect(() => admitPodSecurity(namespace("privileged"), hostly)).not.toThrow();
  });
});
