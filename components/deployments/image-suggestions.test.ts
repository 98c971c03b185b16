import { describe, expect, it } from "vitest";

import { hubRepositoryOf } from "@/components/deployments/image-suggestions";

describe("hubRepositoryOf", () => {
  it("finds the tenant's hub repository in a reference, with or without a tag or digest", () => {
    expect(hubRepositoryOf("registry.local:5000/acme/web:v1", "registry.local:5000", "acme")).toBe("web");
    expect(hubRepositoryOf("registry.local:5000/acme/web", "registry.local:5000", "acme")).toBe("web");
    expect(hubRepositoryOf(`registry.local:5000/acme/web@sha256:${"a".repeat(64)}`, "registry.local:5000", "acme")).toBe("web");
  });

  it("ignores images of other registries, other tenants, and before the registry host is known", () => {
    expect(hubRepositoryOf("docker.io/library/nginx:1.27", "registry.local:5000", "acme")).toBeNull();
    expect(hubRepositoryOf("registry.local:5000/other/web:v1", "registry.local:5000", "acme")).toBeNull();
    expect(hubRepositoryOf("registry.local:5000/acme/web:v1", null, "acme")).toBeNull();
  });
});
