import { describe, expect, it } from "vitest";
import { diffRegistryCatalogue } from "./diff-registry-catalogue";

const snapshot = (entries: Record<string, string[] | null>) => new Map(Object.entries(entries).map(([name, tags]) => [name, tags ? new Set(tags) : null]));

describe("diffRegistryCatalogue", () => {
  it("adds repositories and tags the registry has that the database lacks", () => {
    const diff = diffRegistryCatalogue(snapshot({ "acme/web": ["v1", "v2"], "acme/api": ["latest"] }), new Map([["acme/web", new Set(["v1"])]]));
    expect(diff.addRepositories).toEqual(["acme/api"]);
    expect(diff.addTags).toEqual([
      { repository: "acme/web", tag: "v2" },
      { repository: "acme/api", tag: "latest" },
    ]);
    expect(diff.removeTags).toEqual([]);
  });

  it("removes tags that are gone from the registry", () => {
    const diff = diffRegistryCatalogue(snapshot({ "acme/web": ["v2"] }), new Map([["acme/web", new Set(["v1", "v2"])]]));
    expect(diff).toEqual({ addRepositories: [], addTags: [], removeTags: [{ repository: "acme/web", tag: "v1" }] });
  });

  it("removes every tag of a repository whose tags were all deleted, but keeps the repository", () => {
    const diff = diffRegistryCatalogue(snapshot({ "acme/web": [] }), new Map([["acme/web", new Set(["v1"])]]));
    expect(diff).toEqual({ addRepositories: [], addTags: [], removeTags: [{ repository: "acme/web", tag: "v1" }] });
  });

  it("keeps repositories the registry does not list (created in the hub, not pushed yet)", () => {
    const diff = diffRegistryCatalogue(snapshot({}), new Map([["acme/empty", new Set<string>()], ["acme/web", new Set(["v1"])]]));
    expect(diff).toEqual({ addRepositories: [], addTags: [], removeTags: [] });
  });

  it("removes nothing from a repository whose tags could not be read", () => {
    const diff = diffRegistryCatalogue(snapshot({ "acme/web": null, "acme/new": null }), new Map([["acme/web", new Set(["v1"])]]));
    expect(diff).toEqual({ addRepositories: ["acme/new"], addTags: [], removeTags: [] });
  });
});
