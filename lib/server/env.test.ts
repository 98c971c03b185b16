import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

describe("configuration", () => {
  it("runs on embedded defaults when nothing is set", () => {
    const env = parseEnv({}, "/srv/apiary");
    expect(env.PORT).toBe(3000);
    expect(env.dataDir).toBe("/srv/apiary/.data");
    expect(env.kubeconfigPath).toBe("/srv/apiary/.data/kubeconfig");
    expect(env.registryUrl).toBe("http://127.0.0.1:5000");
    expect(env.embeddedDatabase).toBe(true);
  });

  it("moves every piece of embedded state with APIARY_DATA_DIR", () => {
    const env = parseEnv({ APIARY_DATA_DIR: "/tmp/other" }, "/srv/apiary");
    expect(env.dataDir).toBe("/tmp/other");
    expect(env.kubeconfigPath).toBe(path.join("/tmp/other", "kubeconfig"));
  });

  it("uses an external database, cluster and registry when configured", () => {
    const env = parseEnv({
      DATABASE_URL: "postgres://apiary@db:5432/apiary",
      KUBECONFIG: "/etc/apiary/kubeconfig",
      REGISTRY_URL: "https://registry.example.com/",
    });
    expect(env.embeddedDatabase).toBe(false);
    expect(env.kubeconfigPath).toBe("/etc/apiary/kubeconfig");
    expect(env.registryUrl).toBe("https://registry.example.com");
  });

  it("names the variable and what it expected when a value is wrong", () => {
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(EnvError);
    try {
      parseEnv({ PORT: "eighty", DATABASE_URL: "mysql://x", LOG_LEVEL: "loud" });
    } catch (error) {
      const message = (error as EnvError).message;
      expect(message).toContain('PORT="eighty" is not valid: expected');
      expect(message).toContain('DATABASE_URL="mysql://x" is not valid: expected a URL starting with postgres:// or postgresql://');
      expect(message).toContain('LOG_LEVEL="loud" is not valid: expected one of fatal, error, warn, info, debug, trace, silent');
    }
  });

  it("treats an empty value as not set", () => {
    expect(parseEnv({ PORT: "" }).PORT).toBe(3000);
  });
});
