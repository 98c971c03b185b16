import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/server/http/api-error";
import { parseWorkloadYaml } from "./parse-workload-yaml";

const tenant = { namespace: "t-acme", slug: "acme" };
const deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec: {containers: [{name: app, image: nginx}], imagePullSecrets: [{name: mine}]}\n";
const service = "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: t-acme}\nspec: {ports: [{port: 80}]}\n";

function refusal(text: string): ApiError {
  try {
    parseWorkloadYaml(tenant, text);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("accepted");
}

describe("parseWorkloadYaml", () => {
  it("takes one workload and one Service, puts them in the tenant's namespace and adds the pull secret", () => {
    const { workload, service: svc } = parseWorkloadYaml(tenant, `${deployment}---\n${service}`);
    expect(workload.metadata).toMatchObject({ name: "web", namespace: "t-acme" });
    expect((workload.spec as { template: { spec: { imagePullSecrets: unknown } } }).template.spec.imagePullSecrets).toEqual([{ name: "mine" }, { name: "apiary-registry" }]);
    expect(svc?.metadata?.namespace).toBe("t-acme");
  });

  it("refuses another namespace, other kinds, a second workload and YAML that does not parse, naming the document and field", () => {
    expect(refusal(deployment.replace("{name: web}", "{name: web, namespace: kube-system}")).message).toMatch(/documents\[0\]\.metadata\.namespace: must be t-acme/);
    expect(refusal(`${deployment}---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\n`).message).toMatch(/documents\[1\]\.kind: v1 Secret is not deployed from here/);
    expect(refusal(`${deployment}---\n${deployment}`).message).toMatch(/documents\[1\]\.kind: only one Deployment or StatefulSet/);
    expect(refusal(service).message).toMatch(/an apps\/v1 Deployment or StatefulSet is required/);
    expect(refusal("kind: [unclosed").status).toBe(422);
    expect(refusal(deployment.replace("{name: web}", "{name: Web_1}")).message).toMatch(/metadata\.name/);
  });
});
