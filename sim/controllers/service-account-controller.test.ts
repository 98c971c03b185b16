import { afterEach, describe, expect, it, vi } from "vitest";
import type { Controller } from "../core/types";
import { createFakeLifecycleClusterApi } from "./fake-lifecycle-cluster-api";
import { startServiceAccountController } from "./service-account-controller";

let controllers: Controller[] = [];
afterEach(() => {
  for (const c of controllers) c.stop();
  controllers = [];
});

describe("startServiceAccountController", () => {
  it("gives existing and new namespaces a default ServiceAccount", async () => {
    const api = createFakeLifecycleClusterApi();
    api.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "old" } });
    controllers.push(startServiceAccountController(api));
    api.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "t-a" } });
    await vi.waitFor(() => {
      expect(api.get("serviceaccounts", "old", "default")).toBeDefined();
      expect(api.get("serviceaccounts", "t-a", "default")).toBeDefined();
    });
  });

  it("recreates the default ServiceAccount after it is deleted, but not in a terminating namespace", async () => {
    const api = createFakeLifecycleClusterApi();
    controllers.push(startServiceAccountController(api));
    for (const name of ["t-a", "t-b"]) api.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name } });
    await vi.waitFor(() => expect(api.list("serviceaccounts")).toHaveLength(2));
    const firstUid = api.getOrThrow("serviceaccounts", "t-a", "default").metadata.uid;
    api.delete("serviceaccounts", "t-a", "default");
    await vi.waitFor(() => expect(api.get("serviceaccounts", "t-a", "default")).toBeDefined());
    expect(api.get("serviceaccounts", "t-a", "default")?.metadata.uid).not.toBe(firstUid);

    api.delete("namespaces", undefined, "t-b");
    api.delete("serviceaccounts", "t-b", "default");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(api.get("serviceaccounts", "t-b", "default")).toBeUndefined();
  });
});
